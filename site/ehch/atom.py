"""Atom documents valid by the W3C feed validator's rules, for every feed of the site.

The pages' feeds (``cms.feeds``: the latest guidance and case studies, the
leadership resources, the case-study list's ``?format=atom``) and the forum's
feeds (``forum/overrides/forum_feeds``) are all written here, so they share
what the validator asks for: the feed and each entry carry an ``<id>``, an
``<updated>``, an ``<author>`` and links, and the feed a ``rel="self"`` link,
all on SITE_URL whatever Host the request named.

Ids are ``tag:`` URIs (RFC 4151) made from a record's number, never from a
title or a slug, so they stay the same when someone edits what they wrote.
Each caller decides what may be in its feed: this module only writes it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.http import HttpRequest, HttpResponse
from django.utils.feedgenerator import Atom1Feed

from cms.site_address import absolute_url, hostname_and_port

# The publisher named as every feed's author.
AUTHOR = "EHCH Learning Network"
# The tag URI's date (RFC 4151): fixed for ever, or every entry id would change
# and feed readers would show every entry again as new.
TAG_DATE = "2026"
CONTENT_TYPE = "application/atom+xml; charset=utf-8"


def tag_id(*parts: object) -> str:
    """A stable ``tag:`` URI on the site's host: ``tag:example.org,2026:page/7``."""
    host = hostname_and_port()[0]
    return f"tag:{host},{TAG_DATE}:" + "/".join(str(part) for part in parts)


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a feed, already checked to be public by its caller.

    Attributes:
        id: The entry's stable id (:func:`tag_id`).
        title: Its title.
        path: The path (or absolute URL) of its web page.
        summary: A short text; written as the entry's ``<summary>``.
        published: When it first appeared.
        updated: When it last changed; the validator wants one on every entry.
        author: Who wrote it, as readers see them named on the site.
        categories: Labels, such as the kind of page.
    """

    id: str
    title: str
    path: str
    summary: str
    published: datetime
    updated: datetime
    author: str = AUTHOR
    categories: list[str] = field(default_factory=list)


def atom_feed_response(
    request: HttpRequest,
    *,
    key: str,
    title: str,
    subtitle: str,
    alternate: str,
    entries: Iterable[FeedEntry],
) -> HttpResponse:
    """An Atom document of ``entries``, in the order given.

    Args:
        request: The request; its path and query string make the self link.
        key: The feed's short name; its ``<id>`` is ``tag:…:feed/<key>``.
        title: The feed's title.
        subtitle: One sentence on what the feed holds.
        alternate: The path of the web page the feed belongs to.
        entries: What the feed holds, newest first.

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
    for entry in entries:
        feed.add_item(
            title=entry.title,
            link=absolute_url(entry.path),
            description=entry.summary,
            unique_id=entry.id,
            pubdate=entry.published,
            updateddate=entry.updated,
            author_name=entry.author,
            categories=entry.categories,
        )
    return HttpResponse(feed.writeString("utf-8"), content_type=CONTENT_TYPE)
