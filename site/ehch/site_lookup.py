"""The request's Wagtail site from the cache, not a query on every request.

Wagtail looks the site up by host name and port on every request it serves
(``Site.find_for_request``, one query). Every page the page cache cannot
answer (signed-in members, moderators, editors, cache misses) pays for it.
The answer changes only when a site or a page changes, and every such change
starts a new content version (ehch/pagecache.py), so it is cached under the
content version, beside the pages themselves, and handed to Wagtail through
the attribute it reads first (``request._wagtail_site``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from wagtail.models import Site

from ehch.pagecache import fragment


def find_site(request: HttpRequest) -> Site | None:
    """What ``Site.find_for_request`` answers, from the cache when it can."""
    where = f"{request._get_raw_host()}|{request.get_port()}"
    digest = hashlib.sha256(where.encode("utf-8", "surrogateescape")).hexdigest()
    return fragment(f"site-for:{digest[:32]}", lambda: Site.find_for_request(request))


class CachedSiteMiddleware:
    """Set ``request._wagtail_site`` from the cache (FRAGMENT_CACHE_SECONDS > 0)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        """Keep the next handler."""
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        """Find the site before any view asks for it."""
        if getattr(settings, "FRAGMENT_CACHE_SECONDS", 0) > 0:
            request._wagtail_site = find_site(request)
        return self.get_response(request)
