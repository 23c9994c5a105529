"""Every moderation action, each audited and announced to search.

Views (our overrides of machina's, and our own report views) call these
functions; each writes a ModerationLogEntry (who, what, when, why) in the same
transaction as the change, and sends ``forum_post_published`` /
``forum_post_removed`` so site-wide search can follow.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from machina.core.db.models import get_model

from . import notifications
from .models import ModerationLogEntry, PendingPostEdit, PostReport, TopicSettings
from .signals import forum_post_published, forum_post_removed

Forum = get_model("forum", "Forum")
Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")

Action = ModerationLogEntry.Action


def log_action(
    actor: AbstractBaseUser | None,
    action: str,
    *,
    topic=None,
    post=None,
    target: str = "",
    reason: str = "",
) -> ModerationLogEntry:
    """Record one moderation action."""
    if not target:
        if post is not None:
            target = f"Post {post.pk} “{post.subject}” in “{post.topic.subject}”"
        elif topic is not None:
            target = f"Topic {topic.pk} “{topic.subject}”"
    return ModerationLogEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target=target[:300],
        topic_id=(topic.pk if topic is not None else post.topic_id if post else None),
        post_id=post.pk if post is not None else None,
        reason=reason,
    )


def post_published(post) -> None:
    """Announce a newly visible post: search signal and follower emails."""
    from .tasks import send_post_notifications  # tasks import notifications

    forum_post_published.send(sender=Post, post=post)
    send_post_notifications.enqueue(post.pk)


def _announce_removed(posts) -> None:
    for post in posts:
        if post.approved:
            forum_post_removed.send(sender=Post, post=post)


def approve_post(post, actor: AbstractBaseUser, reason: str = "") -> bool:
    """Publish a post from the moderation queue, then email its author.

    Returns:
        True when the author was emailed.
    """
    with transaction.atomic():
        post.approved = True
        post.save()
        log_action(actor, Action.APPROVE, post=post, reason=reason)
        post_published(post)
    return notifications.email_moderation_outcome(
        post.poster,
        kind="post",
        approved=True,
        subject=post.subject,
        content=post.content.raw or "",
        topic=post.topic,
    )


def disapprove_post(post, actor: AbstractBaseUser, reason: str) -> bool:
    """Reject a queued post and email its author the reason and the text.

    machina deletes the post (and its topic if it was the first), so the
    email is the author's copy of what they wrote.

    Returns:
        True when the author was emailed.
    """
    if not reason.strip():
        raise ValueError("A reason is required to disapprove a post.")
    author, subject, content = post.poster, post.subject, post.content.raw or ""
    with transaction.atomic():
        log_action(actor, Action.DISAPPROVE, post=post, reason=reason)
        _announce_removed([post])
        post.delete()
    return notifications.email_moderation_outcome(
        author,
        kind="post",
        approved=False,
        subject=subject,
        content=content,
        topic=None,
        reason=reason,
    )


@transaction.atomic
def hold_edit(
    post,
    author: AbstractBaseUser,
    *,
    subject: str,
    content: str,
    update_reason: str,
    hold_reason: str,
) -> PendingPostEdit:
    """Keep an edit of a published post for a moderator; the post is unchanged.

    A newer held edit of the same post replaces the older one.
    """
    pending, _ = PendingPostEdit.objects.update_or_create(
        post=post,
        defaults={
            "author": author,
            "subject": subject,
            "content": content,
            "update_reason": update_reason or "",
            "hold_reason": hold_reason[:300],
            "created_at": timezone.now(),
        },
    )
    log_action(None, Action.HOLD_EDIT, post=post, reason=hold_reason)
    return pending


def approve_edit(
    pending: PendingPostEdit, actor: AbstractBaseUser, reason: str = ""
) -> bool:
    """Write a held edit into its post (search re-indexes it), email the author.

    Returns:
        True when the author was emailed.
    """
    with transaction.atomic():
        post = Post.objects.select_for_update().get(pk=pending.post_id)
        post.subject = pending.subject
        post.content = pending.content
        post.update_reason = pending.update_reason
        post.updated_by = pending.author
        post.updates_count = post.updates_count + 1
        post.save()
        log_action(actor, Action.APPROVE_EDIT, post=post, reason=reason)
        pending.delete()
    return notifications.email_moderation_outcome(
        pending.author,
        kind="edit",
        approved=True,
        subject=pending.subject,
        content=pending.content,
        topic=post.topic,
    )


def disapprove_edit(
    pending: PendingPostEdit, actor: AbstractBaseUser, reason: str
) -> bool:
    """Discard a held edit (the post keeps its approved text), email the author.

    Returns:
        True when the author was emailed.
    """
    if not reason.strip():
        raise ValueError("A reason is required to disapprove an edit.")
    with transaction.atomic():
        log_action(actor, Action.DISAPPROVE_EDIT, post=pending.post, reason=reason)
        pending.delete()
    return notifications.email_moderation_outcome(
        pending.author,
        kind="edit",
        approved=False,
        subject=pending.subject,
        content=pending.content,
        topic=pending.post.topic,
        reason=reason,
    )


@transaction.atomic
def delete_post(post, actor: AbstractBaseUser, reason: str = "") -> None:
    """Delete one post."""
    log_action(actor, Action.DELETE_POST, post=post, reason=reason)
    _announce_removed([post])
    post.delete()


@transaction.atomic
def delete_topic(topic, actor: AbstractBaseUser, reason: str = "") -> None:
    """Delete a topic and all its posts."""
    log_action(actor, Action.DELETE_TOPIC, topic=topic, reason=reason)
    _announce_removed(list(topic.posts.all()))
    topic.delete()


@transaction.atomic
def set_topic_lock(
    topic, actor: AbstractBaseUser, locked: bool, reason: str = ""
) -> None:
    """Lock or unlock a topic."""
    topic.status = Topic.TOPIC_LOCKED if locked else Topic.TOPIC_UNLOCKED
    topic.save()
    log_action(
        actor, Action.LOCK if locked else Action.UNLOCK, topic=topic, reason=reason
    )


@transaction.atomic
def move_topic(
    topic, actor: AbstractBaseUser, forum, lock: bool = False, reason: str = ""
) -> None:
    """Move a topic to another forum, optionally locking it."""
    old_forum = topic.forum
    topic.forum = forum
    topic.status = Topic.TOPIC_LOCKED if lock else Topic.TOPIC_MOVED
    topic.save()
    log_action(
        actor,
        Action.MOVE,
        topic=topic,
        target=f"Topic {topic.pk} “{topic.subject}” from “{old_forum}” to “{forum}”",
        reason=reason,
    )


@transaction.atomic
def set_topic_type(
    topic, actor: AbstractBaseUser, topic_type: int, reason: str = ""
) -> None:
    """Pin (sticky or announcement) or unpin a topic."""
    topic.type = topic_type
    topic.save()
    label = dict(Topic.TYPE_CHOICES)[topic_type]
    log_action(
        actor,
        Action.PIN,
        topic=topic,
        target=f"Topic {topic.pk} “{topic.subject}” is now: {label}",
        reason=reason,
    )


@transaction.atomic
def update_topic_settings(
    topic,
    actor: AbstractBaseUser,
    *,
    slow_mode_seconds: int,
    close_at,
    reason: str = "",
) -> TopicSettings:
    """Set a topic's slow mode and timed close."""
    settings_row, _ = TopicSettings.objects.update_or_create(
        topic=topic,
        defaults={"slow_mode_seconds": slow_mode_seconds, "close_at": close_at},
    )
    closes = f", closes {close_at:%d %B %Y %H:%M}" if close_at else ""
    log_action(
        actor,
        Action.TOPIC_SETTINGS,
        topic=topic,
        target=f"Topic {topic.pk}: slow mode {slow_mode_seconds}s{closes}",
        reason=reason,
    )
    return settings_row


def resolve_report(
    report: PostReport,
    actor: AbstractBaseUser,
    outcome: str,
    note: str = "",
    warning: str = "",
) -> dict[str, bool] | None:
    """Close a report, then tell the reporter and, when warned, the member.

    Records who decided what and removes the post if so decided.

    Args:
        report: the open report.
        actor: the moderator.
        outcome: a ``PostReport.Outcome``.
        note: why, for the record (moderators see it, the reporter does not).
        warning: for "Member warned", the message emailed to the post's author.

    Returns:
        None when the report was already resolved; otherwise which emails
        went: ``{"reporter": bool, "member": bool}``.
    """
    warned = outcome == PostReport.Outcome.MEMBER_WARNED
    if warned and not warning.strip():
        raise ValueError("A warning message is required to warn a member.")
    with transaction.atomic():
        report = (
            PostReport.objects.select_for_update(of=("self",))
            .select_related("post__poster", "reporter")
            .get(pk=report.pk)
        )
        if not report.is_open:
            return None
        member = report.post.poster if report.post is not None else None
        excerpt = (
            report.post.content.raw or "" if report.post is not None else ""
        ) or report.post_excerpt
        if warned and member is None:
            raise ValueError("Only a member's post can lead to a warning.")
        if outcome == PostReport.Outcome.POST_REMOVED and report.post is not None:
            delete_post(report.post, actor, reason=f"Report {report.pk}: {note}")
            report.post = None  # the database already set it to NULL
        report.resolved_at = timezone.now()
        report.resolved_by = actor
        report.outcome = outcome
        report.resolution_note = note
        report.save()
        log_action(
            actor,
            Action.RESOLVE_REPORT,
            target=f"Report {report.pk} ({report.get_reason_display()}): "
            f"{report.get_outcome_display()}",
            reason=note + (f"\nWarning sent: {warning}" if warned else ""),
        )
    return {
        "reporter": notifications.email_report_outcome(report),
        "member": warned
        and notifications.email_member_warning(member, warning, excerpt),
    }
