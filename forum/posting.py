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

from .models import PendingPostEdit, TopicSettings, WatchedWord

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


def _last_activity(user: AbstractBaseUser, topic):
    """When ``user`` last posted, edited or had an edit held in ``topic``."""
    times = [
        Post.objects.filter(topic=topic, poster=user)
        .order_by("-created")
        .values_list("created", flat=True)
        .first(),
        Post.objects.filter(topic=topic, updated_by=user, updates_count__gt=0)
        .order_by("-updated")
        .values_list("updated", flat=True)
        .first(),
        PendingPostEdit.objects.filter(post__topic=topic, author=user)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first(),
    ]
    times = [time for time in times if time is not None]
    return max(times) if times else None


def _topic_problem(user: AbstractBaseUser, topic, *, editing: bool) -> str | None:
    topic_settings = TopicSettings.objects.filter(topic=topic).first()
    if topic_settings is None:
        return None
    if topic_settings.is_closed():
        if editing:
            return "This topic has closed. Its posts can no longer be edited."
        return "This topic has closed and takes no more replies."
    if topic_settings.slow_mode_seconds and user.is_authenticated:
        last = _last_activity(user, topic)
        if last is not None:
            wait = topic_settings.slow_mode_seconds - int(
                (timezone.now() - last).total_seconds()
            )
            if wait > 0:
                again = "edit or reply" if editing else "reply"
                return (
                    f"This topic is in slow mode. You can {again} again in "
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
    user: AbstractBaseUser,
    topic,
    text: str,
    *,
    count_attempt: bool,
    editing: bool = False,
) -> str | None:
    """Why this post (or edit) may not be made, in plain English, or None.

    Edits pass the same rules as new posts: a closed topic, slow mode (an
    edit counts as activity, like a reply), blocked words and the throttle.

    Args:
        user: who is posting.
        topic: the topic replied to or edited in, or None for a new topic.
        text: the subject and message together.
        count_attempt: count this attempt against the posting throttle
            (False for previews, which publish nothing).
        editing: True when an existing post is being edited.
    """
    if topic is not None:
        problem = _topic_problem(user, topic, editing=editing)
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
    return _hold_reason(user, forum, watched_words(text, WatchedWord.Action.HOLD))


def edit_hold_reason(
    user: AbstractBaseUser, forum, approved_text: str, text: str
) -> str | None:
    """Why an edit of a published post must wait for a moderator, or None.

    The same rules as a new post, except that a "hold" watched word holds the
    edit only when the edit adds it: a moderator already approved the words
    that were there.
    """
    held = added_watched_words(approved_text, text, WatchedWord.Action.HOLD)
    return _hold_reason(user, forum, held)


def added_watched_words(old_text: str, text: str, action: str) -> list[str]:
    """The watched phrases with ``action`` in ``text`` but not in ``old_text``."""
    before = set(watched_words(old_text, action))
    return [phrase for phrase in watched_words(text, action) if phrase not in before]


def _hold_reason(user: AbstractBaseUser, forum, held: list[str]) -> str | None:
    if not user.is_authenticated:
        return "Posts by visitors are always checked first."
    if PermissionHandler().can_approve_posts(forum, user):
        return None
    if held:
        return f"Watched words: {', '.join(held)}"
    approved_count = Post.objects.filter(poster=user, approved=True).count()
    if approved_count < settings.FORUM_FIRST_POSTS_HELD:
        return "One of the member's first posts"
    return None


def topic_closure(topic) -> dict | None:
    """Why and since when a topic takes no replies, or None when it is open.

    Returns ``{"state": "locked" | "closed", "since": datetime | None,
    "reason": str}``, read from the moderation log (the latest lock, or the
    latest settings change for a timed close). A locked or closed topic shows
    this notice instead of a reply button.
    """
    from .models import ModerationLogEntry

    if topic.is_locked:
        entry = (
            ModerationLogEntry.objects.filter(
                topic_id=topic.pk, action=ModerationLogEntry.Action.LOCK
            )
            .order_by("-created_at")
            .first()
        )
        return {
            "state": "locked",
            "since": entry.created_at if entry else None,
            "reason": entry.reason if entry else "",
        }
    try:
        topic_settings = topic.community_settings
    except TopicSettings.DoesNotExist:
        return None
    if not topic_settings.is_closed():
        return None
    entry = (
        ModerationLogEntry.objects.filter(
            topic_id=topic.pk, action=ModerationLogEntry.Action.TOPIC_SETTINGS
        )
        .order_by("-created_at")
        .first()
    )
    return {
        "state": "closed",
        "since": topic_settings.close_at,
        "reason": entry.reason if entry else "",
    }
