"""Atom feeds of public pages, valid by the W3C feed validator's rules.

Every feed here (the latest guidance and case studies at /feeds/latest/, the
leadership resources at /feeds/leadership/, and the case-study list's
``?format=atom``) is built by ``atom_response``: the feed and each entry carry
an ``<id>``, ``<updated>``, ``<author>`` and links, all on SITE_URL whatever Host
the request named. Entry ids are tag URIs made from the page's number, so they
stay the same when an editor changes a title or a slug.

Only live pages outside every private section (``published()``, which is
``cms.visibility``'s rule) reach a feed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from itertools import chain

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from cms.site_address import absolute_url, hostname_and_port

FEED_SIZE = 20
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
AUTHOR = "EHCH Learning Network"
# The tag URI's date (RFC 4151): fixed for ever, or every entry id would change
# and feed readers would show every page again as new.
TAG_DATE = "2026"


def tag_id(*parts: object) -> str:
    """A stable ``tag:`` URI on the site's host: ``tag:example.org,2026:page/7``."""
    host = hostname_and_port()[0]
    return f"tag:{host},{TAG_DATE}:" + "/".join(str(part) for part in parts)


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

    Args:
        request: The request; its path and query string make the self link.
        key: The feed's short name; its ``<id>`` is ``tag:…:feed/<key>``.
        title: The feed's title.
        subtitle: One sentence on what the feed holds.
        alternate: The path of the web page the feed belongs to.
        pages: Wagtail pages with ``title``, ``url`` and a summary or search
            description.

    Returns:
        The ``application/atom+xml`` response.
    """
    feed = Atom1Feed(
        title=title,
        link=absolute_url(alternate),
        description=subtitle,
        subtitle=subtitle,
        language="en-gb",
        feed_url=absolute_url(request.get_full_path()),
        feed_guid=tag_id("feed", key),
        author_name=AUTHOR,
    )
    for page in pages:
        published = _published(page)
        feed.add_item(
            title=page.title,
            link=absolute_url(page.url),
            description=page.search_description or getattr(page, "summary", ""),
            unique_id=tag_id("page", page.pk),
            pubdate=published,
            updateddate=page.last_published_at or published,
            author_name=AUTHOR,
            categories=[_category(page)],
        )
    return HttpResponse(
        feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8"
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
