"""The rules applied when someone posts.

Throttle, watched words, slow mode, timed close and the hold on a member's
first posts.

The override form (forum/overrides/forum_conversation/forms.py) calls
:func:`posting_problem` while validating and :func:`hold_reason` when saving.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from machina.apps.forum_permission.handler import PermissionHandler
from machina.core.db.models import get_model

from ehch.accounts.ratelimit import hit

from .models import TopicSettings, WatchedWord

Post = get_model("forum_conversation", "Post")

THROTTLE_SCOPE = "forum-post"


def _minutes(seconds: int) -> str:
    minutes = max(1, -(-seconds // 60))
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def watched_words(text: str, action: str) -> list[str]:
    """The watched phrases with ``action`` that appear in ``text``."""
    return [
        word.phrase
        for word in WatchedWord.objects.filter(action=action)
        if word.matches(text)
    ]


def _topic_problem(user: AbstractBaseUser, topic) -> str | None:
    topic_settings = TopicSettings.objects.filter(topic=topic).first()
    if topic_settings is None:
        return None
    if topic_settings.is_closed():
        return "This topic has closed and takes no more replies."
    if topic_settings.slow_mode_seconds and user.is_authenticated:
        last = (
            Post.objects.filter(topic=topic, poster=user)
            .order_by("-created")
            .values_list("created", flat=True)
            .first()
        )
        if last is not None:
            wait = topic_settings.slow_mode_seconds - int(
                (timezone.now() - last).total_seconds()
            )
            if wait > 0:
                return (
                    "This topic is in slow mode. You can reply again in "
                    f"{_minutes(wait)}."
                )
    return None


def length_problem(content: str) -> str | None:
    """Why a post's message is too long (FORUM_POST_MAX_CHARS), or None."""
    limit = settings.FORUM_POST_MAX_CHARS
    if len(content) <= limit:
        return None
    return (
        f"Your message is {len(content):,} characters long. Posts can be up to "
        f"{limit:,} characters: please shorten it or split it into two posts."
    )


def posting_problem(
    user: AbstractBaseUser, topic, text: str, *, count_attempt: bool
) -> str | None:
    """Why this post may not be made, in plain English, or None when it may.

    Args:
        user: who is posting.
        topic: the topic replied to, or None for a new topic.
        text: the subject and message together.
        count_attempt: count this attempt against the posting throttle
            (False for previews, which publish nothing).
    """
    if topic is not None:
        problem = _topic_problem(user, topic)
        if problem:
            return problem
    blocked = watched_words(text, WatchedWord.Action.BLOCK)
    if blocked:
        return (
            "Your post contains words that are not allowed here "
            f"({', '.join(blocked)}). Please change them and try again."
        )
    if count_attempt and user.is_authenticated:
        limit, window = settings.FORUM_POST_RATE
        retry_after = hit(THROTTLE_SCOPE, f"user:{user.pk}", limit, window)
        if retry_after is not None:
            return (
                "You have posted a lot in a short time. To keep the forum calm, "
                f"please wait {_minutes(retry_after)} before posting again."
            )
    return None


def hold_reason(user: AbstractBaseUser, forum, text: str) -> str | None:
    """Why a new post must wait for a moderator, or None to publish it.

    Moderators of the forum are never held. Otherwise a member's first
    FORUM_FIRST_POSTS_HELD posts are held, and so is any post with a watched
    word whose action is "hold".
    """
    if not user.is_authenticated:
        return "Posts by visitors are always checked first."
    if PermissionHandler().can_approve_posts(forum, user):
        return None
    held = watched_words(text, WatchedWord.Action.HOLD)
    if held:
        return f"Watched words: {', '.join(held)}"
    approved_count = Post.objects.filter(poster=user, approved=True).count()
    if approved_count < settings.FORUM_FIRST_POSTS_HELD:
        return "One of the member's first posts"
    return None
