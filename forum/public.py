"""What the forum shows to everyone (a visitor), by the rule in ``forum.visibility``."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from machina.core.db.models import get_model

from .visibility import is_public_post, public_forum_ids, visible_posts

Forum = get_model("forum", "Forum")


def public_forums() -> QuerySet:
    """The forums anonymous visitors may read."""
    return Forum.objects.filter(pk__in=public_forum_ids())


def published_posts() -> QuerySet:
    """The posts a visitor may see: approved, in approved topics of public forums."""
    return visible_posts(AnonymousUser()).select_related(
        "topic", "topic__forum", "poster"
    )


def is_public(post) -> bool:
    """True when ``post`` may appear in public search results."""
    return is_public_post(post)
