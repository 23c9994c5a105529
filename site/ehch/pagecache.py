"""Whole-page cache for anonymous readers, emptied whenever content changes.

An anonymous GET of a public page is answered from the cache without touching
the database. Any change to content (publishing, moderation, approval, a new
post, a vocabulary edit) bumps one version number that is part of every key,
so every cached page is out of date at once; entries also expire on their own.
A few frequent changes that show only in some sections (a "this matters to me
too" press) bump those sections' versions instead (SECTION_MODELS).

Only requests that carry no cookie except the CSRF cookie are served from or
stored in the cache, and only responses that set no cookie and used no CSRF
token are stored: a page with a form, a signed-in page or a page that depends
on a visitor's cookie is always rendered afresh.

The same middleware tells CDNs, proxies and browsers what they may keep
(``Cache-Control``): a page this cache could store is ``public`` for
PUBLIC_CACHE_SECONDS when it is also an HTML page, feed or sitemap outside
search and the other private doors; everything else it answers (signed-in
pages, forms, previews, errors, redirects, JSON and CSV) is ``private,
no-store`` unless its view already said otherwise. Keeping both decisions
here means one rule says what is safe to share.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import (
    add_never_cache_headers,
    patch_cache_control,
    patch_vary_headers,
)

logger = logging.getLogger(__name__)
T = TypeVar("T")

VERSION_KEY = "pagecache:version"
ALLOWED_COOKIES = {"csrftoken"}
NEVER_CACHED_PREFIXES = (
    "/admin/",
    "/django-admin/",
    "/accounts/",
    "/members/",
    "/healthz",
    "/readyz",
)
# Stored by this cache, but never shared beyond it: search answers (what people
# look for is their business) and the forum's own tools.
NOT_PUBLIC_PREFIXES = (*NEVER_CACHED_PREFIXES, "/search/", "/forum/tools/", "/_util/")
# What a CDN may keep: pages, feeds and sitemaps. JSON and CSV exports stay
# private, so a change in who may see a record never lingers in a proxy.
PUBLIC_CONTENT_TYPES = {
    "text/html",
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
}
# Content apps: a saved or deleted row of these makes every cached page stale.
CONTENT_APPS = {
    "wagtailcore",
    "wagtaildocs",
    "wagtailimages",
    "cms",
    "casestudies",
    "impact",
    "forum",
    "forum_conversation",
    "forum_moderation",
    "forum_polls",
    "forum_permission",  # who may read a forum decides which topics are listed
    "community_forum",
    "members",
}
# Single models of other apps. A shared view waiting for moderation changes no
# public page, so the residents' space counts only its public parts here; its
# statement_published/statement_unpublished signals cover the rest.
CONTENT_MODELS = {
    ("search", "synonymgroup"),
    ("voices", "theme"),
    ("voices", "casestudyresponse"),
    ("voices", "themesynthesispage"),
}


def never_store(response: HttpResponse) -> HttpResponse:
    """Keep ``response`` out of this cache and every other one (and return it).

    For pages that are correct now but should not outlive the moment, such as
    search results answered by the fallback engine while Elasticsearch is
    down: cached, they would stay degraded for PAGE_CACHE_SECONDS after it
    recovers.
    """
    add_never_cache_headers(response)
    return response


# Models whose changes alter only some sections of the site: a "this matters
# to me too" press changes the counts on the residents' space and on case
# study pages (which show statements), so it empties those sections only.
SECTION_MODELS = {
    ("voices", "agreement"): ("/what-good-looks-like/", "/case-studies/"),
}
SECTION_PREFIXES = tuple(sorted({p for ps in SECTION_MODELS.values() for p in ps}))


def page_cache():
    """The cache that holds pages and page fragments (PAGE_CACHE_ALIAS)."""
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def content_version() -> str:
    """The current content version, part of every cached page's key."""
    version = page_cache().get(VERSION_KEY)
    if version is None:
        version = str(time.time_ns())
        page_cache().add(VERSION_KEY, version, None)
        version = page_cache().get(VERSION_KEY, version)
    return version


def fragment(name: str, build: Callable[[], T]) -> T:
    """What ``build`` returns, kept under the content version.

    For the parts of pages that are the same for every reader (signed-in
    readers are never served from the page cache): any content change makes
    every fragment stale, as it does every page. FRAGMENT_CACHE_SECONDS = 0
    builds it every time. ``None`` is kept like any other answer.
    """
    seconds = getattr(settings, "FRAGMENT_CACHE_SECONDS", 0)
    if seconds <= 0:
        return build()
    key = f"fragment:{name}:{content_version()}"
    return page_cache().get_or_set(key, build, seconds)


def content_changed(**_kwargs) -> None:
    """Make every cached page stale (connected to content models' signals).

    At once, and again when the change commits: a reader who came between the
    save and the commit saw the old rows and may have stored them under the
    new version. One extra bump per transaction, however many rows it saves.
    """
    _new_version()
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # Django replaces run_on_commit with a new list on commit and on
        # rollback, so "this list already has our bump" is what to remember.
        pending = connection.run_on_commit
        if getattr(connection, "_pagecache_bump_for", None) is not pending:
            transaction.on_commit(_new_version)
            connection._pagecache_bump_for = pending


def _new_version() -> None:
    page_cache().set(VERSION_KEY, str(time.time_ns()), None)


def sections_changed(*prefixes: str) -> None:
    """Make the cached pages under each URL prefix in ``prefixes`` stale."""
    now = str(time.time_ns())
    page_cache().set_many({f"{VERSION_KEY}:{prefix}": now for prefix in prefixes}, None)


def model_changed(model) -> None:
    """Empty what a saved or deleted row of ``model`` can have changed."""
    meta = model._meta
    sections = SECTION_MODELS.get((meta.app_label, meta.model_name))
    if sections:
        sections_changed(*sections)
    elif is_content_model(model):
        content_changed()


def _section_version(path: str) -> str:
    for prefix in SECTION_PREFIXES:
        if path.startswith(prefix):
            return page_cache().get(f"{VERSION_KEY}:{prefix}") or "0"
    return "-"


def is_content_model(model) -> bool:
    """True for models whose changes can alter a public page."""
    meta = model._meta
    return (
        meta.app_label in CONTENT_APPS
        or (meta.app_label, meta.model_name) in CONTENT_MODELS
    )


def _key(request: HttpRequest, version: str) -> str:
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    section = _section_version(request.path)
    return (
        f"pagecache:{version}:{section}:{request.method}:{request.get_host()}:{digest}"
    )


def _eligible(request: HttpRequest) -> bool:
    return (
        request.method in {"GET", "HEAD"}
        and set(request.COOKIES) <= ALLOWED_COOKIES
        and not request.path.startswith(NEVER_CACHED_PREFIXES)
    )


def _storable(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_USED")
        and "no-store" not in response.get("Cache-Control", "")
        and "private" not in response.get("Cache-Control", "")
    )


def _public(request: HttpRequest, response: HttpResponse) -> bool:
    user = getattr(request, "user", None)
    content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
    return (
        _eligible(request)
        and _storable(request, response)
        and not (user is not None and user.is_authenticated)
        and "Cache-Control" not in response
        and content_type in PUBLIC_CONTENT_TYPES
        and not request.path.startswith(NOT_PUBLIC_PREFIXES)
    )


def add_sharing_headers(request: HttpRequest, response: HttpResponse) -> None:
    """Say in ``Cache-Control`` whether a CDN or proxy may keep ``response``.

    Public pages for anonymous readers: ``public, max-age=0,
    s-maxage=PUBLIC_CACHE_SECONDS`` and ``Vary: Cookie`` (a visitor who signs
    in is then asked for afresh). Only shared caches (a CDN, a proxy) keep the
    page; a browser asks again on every visit, so a reader going back to a
    forum sees the reply just approved, not their own copy from minutes ago.
    Everything else without its own ``Cache-Control``: ``private, no-store``.
    """
    seconds = getattr(settings, "PUBLIC_CACHE_SECONDS", 0)
    if seconds and _public(request, response):
        patch_cache_control(response, public=True, max_age=0, s_maxage=seconds)
        patch_vary_headers(response, ["Cookie"])
    elif "Cache-Control" not in response:
        add_never_cache_headers(response)


class AnonymousPageCacheMiddleware:
    """Serve anonymous GETs from the page cache; store what is safe to share."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.timeout = getattr(settings, "PAGE_CACHE_SECONDS", 600)

    def __call__(self, request: HttpRequest) -> HttpResponse:  # noqa: D102
        if not self.timeout or not _eligible(request):
            response = self.get_response(request)
            add_sharing_headers(request, response)
            return response
        key = _key(request, content_version())
        cached = page_cache().get(key)
        if cached is not None:
            status, headers, content = cached
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        storable = _storable(request, response)
        # Before storing, so a hit carries the same Cache-Control as the miss.
        add_sharing_headers(request, response)
        if storable:
            headers = [
                (k, v) for k, v in response.items() if k.lower() != "x-page-cache"
            ]
            page_cache().set(
                key, (response.status_code, headers, response.content), self.timeout
            )
            response["X-Page-Cache"] = "miss"
        return response
