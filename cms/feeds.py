"""Atom feeds of public pages, valid by the W3C feed validator's rules.

Every feed here (the latest guidance and case studies at /feeds/latest/, the
leadership resources at /feeds/leadership/, and the case-study list's
``?format=atom``) is built by ``atom_response``, which hands the pages to the
site's one Atom writer (``ehch.atom``, also used by the forum's feeds): the
feed and each entry carry an ``<id>``, ``<updated>``, ``<author>`` and links,
all on SITE_URL whatever Host the request named. Entry ids are tag URIs made
from the page's number, so they stay the same when an editor changes a title
or a slug.

Only live pages outside every private section (``published()``, which is
``cms.visibility``'s rule) reach a feed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from itertools import chain

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from ehch.atom import FeedEntry, atom_feed_response, tag_id

FEED_SIZE = 20
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _published(page) -> datetime:
    # Pages made outside the publishing flow may lack a first-published date.
    return page.first_published_at or page.latest_revision_created_at or EPOCH


def _category(page) -> str:
    return {
        "guidancepage": "Guidance",
        "leadershipresourcepage": "Leadership resource",
        "casestudypage": "Case study",
    }.get(page._meta.model_name, page._meta.verbose_name)


def atom_response(
    request: HttpRequest,
    *,
    key: str,
    title: str,
    subtitle: str,
    alternate: str,
    pages: Iterable,
) -> HttpResponse:
    """An Atom document of ``pages`` (already checked to be public), newest first.

    ``pages`` are Wagtail pages with ``title``, ``url`` and a summary or search
    description; the other arguments are :func:`ehch.atom.atom_feed_response`'s.
    """
    return atom_feed_response(
        request,
        key=key,
        title=title,
        subtitle=subtitle,
        alternate=alternate,
        entries=[_entry(page) for page in pages],
    )


def _entry(page) -> FeedEntry:
    published = _published(page)
    return FeedEntry(
        id=tag_id("page", page.pk),
        title=page.title,
        path=page.url,
        summary=page.search_description or getattr(page, "summary", ""),
        published=published,
        updated=page.last_published_at or published,
        categories=[_category(page)],
    )


def latest_feed(request: HttpRequest) -> HttpResponse:
    """/feeds/latest/: the newest guidance pages and case studies together."""
    from casestudies.models import CaseStudyPage
    from cms.models import GuidancePage

    guidance = GuidancePage.objects.published().newest_first()[:FEED_SIZE]
    cases = (
        CaseStudyPage.objects.live()
        .public()
        .order_by("-first_published_at", "-pk")[:FEED_SIZE]
    )
    pages = sorted(chain(guidance, cases), key=_published, reverse=True)
    return atom_response(
        request,
        key="latest",
        title="EHCH Learning Network: new guidance and case studies",
        subtitle="Guidance and case studies published on the learning network.",
        alternate="/",
        pages=pages[:FEED_SIZE],
    )


def leadership_feed(request: HttpRequest) -> HttpResponse:
    """/feeds/leadership/: the newest leadership resources."""
    from cms.models import LeadershipResourceIndexPage, LeadershipResourcePage

    index = LeadershipResourceIndexPage.objects.live().public().first()
    pages = LeadershipResourcePage.objects.published().newest_first()[:FEED_SIZE]
    return atom_response(
        request,
        key="leadership",
        title="EHCH Learning Network: new leadership resources",
        subtitle="Tools, templates and exercises for leaders at every level.",
        alternate=index.url if index is not None else reverse("feed-leadership"),
        pages=pages,
    )
