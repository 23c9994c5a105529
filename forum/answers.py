"""Answers that count: the reply marked as the answer, by the asker or a moderator.

The topic's author (while they may reply) or a moderator of its forum marks one
approved reply as the answer; it is shown under the question, the topic
carries "Answered" in lists and search, and a forum can be filtered to
unanswered topics. Marking another reply moves the mark; it can be cleared.
Each change is in the moderation log when a moderator makes it, and the two
or three posts whose search documents change are queued for indexing.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils import timezone

from search.receivers import enqueue_index

from .models import ModerationLogEntry, TopicAnswer
from .moderation import log_action

Action = ModerationLogEntry.Action


class AnswerError(ValueError):
    """A mark that cannot be made; the message is for the person trying."""


def can_mark(user: AbstractBaseUser | AnonymousUser, topic, handler) -> bool:
    """A moderator of the topic's forum, or its author while they may reply.

    Asked of machina's permission handler (``handler``), which the topic page
    has already consulted for the same forum: no further query.
    """
    if not user.is_authenticated:
        return False
    if _moderates(user, topic, handler):
        return True
    return topic.poster_id == user.pk and handler.can_add_post(topic, user)


def _moderates(user, topic, handler) -> bool:
    return bool(handler.can_lock_topics(topic.forum, user))


def _reindex(topic, *posts) -> None:
    # The question (first post) says "answered"; the answer says it is one.
    for post in {topic.first_post, *posts} - {None}:
        transaction.on_commit(lambda post=post: enqueue_index(post))


@transaction.atomic
def mark(post, by: AbstractBaseUser, handler) -> TopicAnswer:
    """Mark ``post`` as its topic's answer (moving any earlier mark)."""
    topic = post.topic
    if not can_mark(by, topic, handler):
        raise AnswerError(
            "Only the person who asked, or a moderator, can mark the answer."
        )
    if post.pk == topic.first_post_id:
        raise AnswerError("The question itself cannot be its answer.")
    if not post.approved:
        raise AnswerError("A reply waiting for a moderator cannot be marked yet.")
    earlier = TopicAnswer.objects.select_for_update().filter(topic=topic).first()
    previous_post = earlier.post if earlier else None
    if earlier is None:
        answer = TopicAnswer.objects.create(topic=topic, post=post)
    else:
        earlier.post, earlier.marked_at = post, timezone.now()
        earlier.save(update_fields=["post", "marked_at"])
        answer = earlier
    if topic.poster_id != by.pk:
        log_action(by, Action.MARK_ANSWER, post=post)
    _reindex(topic, post, previous_post)
    return answer


@transaction.atomic
def clear(topic, by: AbstractBaseUser, handler) -> bool:
    """Remove the topic's answer mark; False when there was none."""
    if not can_mark(by, topic, handler):
        raise AnswerError(
            "Only the person who asked, or a moderator, can change the answer."
        )
    answer = TopicAnswer.objects.select_for_update().filter(topic=topic).first()
    if answer is None:
        return False
    post = answer.post
    answer.delete()
    if topic.poster_id != by.pk:
        log_action(by, Action.CLEAR_ANSWER, post=post)
    _reindex(topic, post)
    return True
