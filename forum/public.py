"""What the forum shows to everyone: the querysets site-wide search should index.

Search hooks ``forum.signals.forum_post_published`` / ``forum_post_removed`` and
uses these to decide whether a post may appear in public results: approved
posts, in approved topics, in forums anonymous visitors may read.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from machina.apps.forum_permission.handler import PermissionHandler
from machina.core.db.models import get_model

Forum = get_model("forum", "Forum")
Post = get_model("forum_conversation", "Post")


def public_forums() -> list:
    """The forums anonymous visitors may read."""
    return PermissionHandler().get_readable_forums(Forum.objects.all(), AnonymousUser())


def published_posts() -> QuerySet:
    """Approved posts in approved topics of publicly readable forums."""
    return Post.objects.filter(
        approved=True,
        topic__approved=True,
        topic__forum__in=[forum.pk for forum in public_forums()],
    ).select_related("topic", "topic__forum", "poster")


def is_public(post) -> bool:
    """True when ``post`` may appear in public search results."""
    return published_posts().filter(pk=post.pk).exists()
