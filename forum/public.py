"""What the forum shows to everyone (a visitor), by the rule in ``forum.visibility``."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import QuerySet
from machina.apps.forum_permission.handler import PermissionHandler
from machina.core.db.models import get_model

from .visibility import is_public_post, public_forum_ids, visible_posts, visible_topics

Forum = get_model("forum", "Forum")

PUBLIC_FORUMS_KEY = "forum:public-forum-ids"
PUBLIC_FORUMS_SECONDS = 600


def public_forums() -> QuerySet:
    """The forums anonymous visitors may read."""
    return Forum.objects.filter(pk__in=public_forum_ids())


def published_posts() -> QuerySet:
    """The posts a visitor may see: approved, in approved topics of public forums."""
    return visible_posts(AnonymousUser()).select_related(
        "topic", "topic__forum", "poster"
    )


def published_topics(handler: PermissionHandler | None = None) -> QuerySet:
    """The topics a visitor may see: approved, in public forums.

    ``handler`` may be shared with :func:`public_forum_ids` to ask once.
    """
    return visible_topics(AnonymousUser(), handler=handler)


def is_public(post) -> bool:
    """True when ``post`` may appear in public search results."""
    return is_public_post(post)


def public_forum_ids_for_links(handler: PermissionHandler | None = None) -> set:
    """:func:`public_forum_ids`, kept in the cache: for offering links only.

    Forum pages offer a feed for public forums only, and asking machina costs
    three queries, which a signed-in forum page cannot spare (its budget is in
    tests/ehch/test_query_budget.py). A stale answer could only offer a feed
    link that answers 404, or miss one, never show anything: what a feed or a
    page *holds* is always decided afresh by :func:`public_forum_ids`. The
    entry is forgotten whenever a forum is added, moved or deleted or a
    per-forum permission changes (``forum.receivers``) and expires on its own.
    """
    ids = cache.get(PUBLIC_FORUMS_KEY)
    if ids is None:
        ids = public_forum_ids(handler)
        cache.set(PUBLIC_FORUMS_KEY, ids, PUBLIC_FORUMS_SECONDS)
    return ids


def forget_public_forums(**_kwargs) -> None:
    """A forum or a forum permission changed: work the public forums out again."""
    cache.delete(PUBLIC_FORUMS_KEY)
