"""The forum's Atom feeds: the latest topics, site-wide or in one public forum.

machina's ``LastTopicsFeed`` is replaced here under its own name, so
machina's URL factory (``machina.apps.forum_feeds.urls``) serves it at its
usual addresses and names: ``forum_feeds:latest_topics`` (every public forum),
``forum_feeds:forum_latest_topics`` (one forum) and
``forum_feeds:forum_latest_topics_with_descendants`` (a forum and its
sub-forums).

A feed reader carries no session, so every feed holds what a visitor may see
and the same for everyone: approved topics in public forums
(``forum.public.published_topics``). A members-only forum's feed answers 404
to everyone, as an unknown forum's does, so it gives no hint the forum exists.
Each entry's summary is the opening post's text, and only when that post is
approved; a held post never appears.

Entry ids are ``tag:`` URIs from the topic's number, stable when its subject
or forum is edited; the whole feed costs the same few queries however many
topics it lists (forum, poster and opening post are joined).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponsePermanentRedirect,
)
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from machina.apps.forum_permission.handler import PermissionHandler
from machina.core.db.models import get_model

from ehch.accounts.names import public_name
from ehch.atom import FeedEntry, atom_feed_response, tag_id
from forum.notifications import topic_path
from forum.public import public_forum_ids, published_topics

Forum = get_model("forum", "Forum")

FEED_SIZE = 20
SUMMARY_WORDS = 60
SITE_TITLE = "EHCH Learning Network forum"


def _summary(topic) -> str:
    post = topic.first_post
    if post is not None and post.approved:
        text = strip_tags(post.content.rendered or "").strip()
        if text:
            return Truncator(text).words(SUMMARY_WORDS)
    return f"A discussion in {topic.forum.name}."


def topic_entry(topic) -> FeedEntry:
    """The feed entry of a public ``topic`` (joined with forum, poster, first post)."""
    return FeedEntry(
        id=tag_id("forum-topic", topic.pk),
        title=topic.subject,
        path=topic_path(topic),
        summary=_summary(topic),
        published=topic.created,
        updated=topic.last_post_on or topic.updated or topic.created,
        author=public_name(topic.poster),
        categories=[topic.forum.name],
    )


def latest_public_topics(
    scope: Q | None = None, handler: PermissionHandler | None = None
) -> QuerySet:
    """The newest public topics (within ``scope``), newest activity first."""
    topics = published_topics(handler)
    if scope is not None:
        topics = topics.filter(scope)
    return topics.select_related(
        "forum", "poster__member_profile", "first_post"
    ).order_by("-last_post_on", "-pk")[:FEED_SIZE]


class LastTopicsFeed:
    """The latest topics as Atom; an instance is the view machina's URLs mount.

    machina instantiates this once per URL (``LastTopicsFeed()``) and calls it
    with ``forum_slug`` and ``forum_pk`` for a forum's feed, and
    ``descendants=True`` to include its sub-forums.
    """

    def __call__(
        self,
        request: HttpRequest,
        forum_slug: str | None = None,
        forum_pk: int | None = None,
        descendants: bool = False,
    ) -> HttpResponse:
        """Answer the feed, a 404 for a forum visitors may not read, or a 405."""
        if request.method not in {"GET", "HEAD"}:
            return HttpResponseNotAllowed(["GET", "HEAD"])
        # One handler for "which forums are public", asked twice below.
        handler = PermissionHandler()
        if forum_pk is None:
            return atom_feed_response(
                request,
                key="forum-topics",
                title=f"{SITE_TITLE}: latest topics",
                subtitle="New and recently answered topics in the public forums.",
                alternate=reverse("forum:index"),
                entries=[topic_entry(t) for t in latest_public_topics(handler=handler)],
            )
        forum = self._public_forum(forum_pk, handler)
        if forum_slug != forum.slug:
            return HttpResponsePermanentRedirect(
                reverse(request.resolver_match.view_name, args=[forum.slug, forum.pk])
            )
        if descendants:
            scope = Q(forum__in=forum.get_descendants(include_self=True))
            key = f"forum/{forum.pk}/topics/all"
        else:
            scope = Q(forum=forum)
            key = f"forum/{forum.pk}/topics"
        return atom_feed_response(
            request,
            key=key,
            title=f"{SITE_TITLE}: latest topics in {forum.name}",
            subtitle=f"New and recently answered topics in {forum.name}.",
            alternate=reverse(
                "forum:forum", kwargs={"slug": forum.slug, "pk": forum.pk}
            ),
            entries=[topic_entry(t) for t in latest_public_topics(scope, handler)],
        )

    @staticmethod
    def _public_forum(pk: int, handler: PermissionHandler):
        # The same 404 for a members-only forum as for one that does not exist.
        forum = Forum.objects.filter(pk=pk, pk__in=public_forum_ids(handler)).first()
        if forum is None:
            raise Http404("Not found")
        return forum
