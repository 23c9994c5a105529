"""A member's forum data in their download, and its removal when they leave.

Both machina's records (posts, follows, read markers, poll votes, the forum
profile, per-forum permissions) and ours (forum follows, reports, held edits,
the moderation log). ``ehch.accounts.personal_data`` says what happens to each
and why the posts and the moderation history stay.

Also: the cached list of public forums (``forum.public``, for feed links) is
forgotten whenever a forum is added, moved or deleted, or a per-forum
permission changes.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from machina.core.db.models import get_model

from ehch.accounts.personal_data import DELETED_ACCOUNT

from .models import (
    ForumSubscription,
    MentionOptOut,
    ModerationLogEntry,
    PendingPostEdit,
    PostReport,
    SentDigest,
)

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")
ForumProfile = get_model("forum_member", "ForumProfile")
TopicReadTrack = get_model("forum_tracking", "TopicReadTrack")
ForumReadTrack = get_model("forum_tracking", "ForumReadTrack")
TopicPollVote = get_model("forum_polls", "TopicPollVote")
UserForumPermission = get_model("forum_permission", "UserForumPermission")


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _reports_by(user: AbstractBaseUser, identifiers: frozenset[str]):
    """Reports the member made: signed in, or as a visitor giving their address."""
    match = Q(reporter=user)
    for value in identifiers:
        match |= Q(reporter_email__iexact=value)
    return PostReport.objects.filter(match)


def _profile(user: AbstractBaseUser) -> dict[str, Any] | None:
    profile = ForumProfile.objects.filter(user=user).first()
    if profile is None:
        return None
    return {
        "signature": str(profile.signature or ""),
        "avatar": profile.avatar.name if profile.avatar else None,
        "posts_count": profile.posts_count,
    }


def export_forum_data(
    sender, user: AbstractBaseUser, identifiers: frozenset[str], **kwargs
) -> dict[str, Any]:
    """The member's forum sections of their download (``member_data_requested``).

    Other people's words never appear: a report gives the reported post's id,
    not its copy; a vote gives the poll's question and the chosen answer.
    """
    posts = (
        Post.objects.filter(poster=user)
        .select_related("topic", "topic__forum")
        .order_by("created", "pk")
    )
    topics = Topic.objects.filter(poster=user).select_related("forum")
    subscriptions = user.topic_subscriptions.select_related("forum").order_by("pk")
    votes = TopicPollVote.objects.filter(voter=user).select_related(
        "poll_option__poll__topic"
    )
    return {
        "forum_profile": _profile(user),
        "forum_topics": [
            {
                "id": t.pk,
                "subject": t.subject,
                "forum": t.forum.name,
                "approved": t.approved,
                "created": _iso(t.created),
            }
            for t in topics.order_by("created", "pk")
        ],
        "forum_posts": [
            {
                "id": post.pk,
                "topic_id": post.topic_id,
                "topic": post.topic.subject,
                "forum": post.topic.forum.name,
                "subject": post.subject,
                "content": str(post.content or ""),
                "approved": post.approved,
                "created": post.created.isoformat(),
                "updated": post.updated.isoformat(),
            }
            for post in posts
        ],
        "topic_subscriptions": [
            {"topic_id": topic.pk, "topic": topic.subject, "forum": topic.forum.name}
            for topic in subscriptions
        ],
        "forum_subscriptions": [
            {
                "forum": s.forum.name,
                "daily_digest": s.daily_digest,
                "created_at": _iso(s.created_at),
            }
            for s in ForumSubscription.objects.filter(user=user).select_related("forum")
        ],
        "forum_email_settings": {
            "email_when_mentioned": not MentionOptOut.objects.filter(user=user).exists()
        },
        "forum_read_markers": [
            {"forum_id": t.forum_id, "marked_at": _iso(t.mark_time)}
            for t in ForumReadTrack.objects.filter(user=user).order_by("pk")
        ]
        + [
            {"topic_id": t.topic_id, "marked_at": _iso(t.mark_time)}
            for t in TopicReadTrack.objects.filter(user=user).order_by("pk")
        ],
        "poll_votes": [
            {
                "topic_id": v.poll_option.poll.topic_id,
                "question": v.poll_option.poll.question,
                "answer": v.poll_option.text,
                "voted_at": _iso(v.timestamp),
            }
            for v in votes.order_by("timestamp", "pk")
        ],
        "forum_permissions": [
            {
                "forum": p.forum.name if p.forum else None,
                "permission": p.permission.codename,
                "granted": p.has_perm,
            }
            for p in UserForumPermission.objects.filter(user=user).select_related(
                "forum", "permission"
            )
        ],
        "reports_made": [
            {
                "id": r.pk,
                "post_id": r.post_id,
                "page": r.url,
                "reason": r.get_reason_display(),
                "details": r.details,
                "contact_email": r.reporter_email,
                "created_at": _iso(r.created_at),
                "resolved_at": _iso(r.resolved_at),
                "outcome": r.get_outcome_display() if r.outcome else "",
            }
            for r in _reports_by(user, identifiers).order_by("created_at", "pk")
        ],
        "held_edits": [
            {
                "post_id": e.post_id,
                "subject": e.subject,
                "content": e.content,
                "update_reason": e.update_reason,
                "created_at": _iso(e.created_at),
            }
            for e in PendingPostEdit.objects.filter(author=user).order_by("pk")
        ],
    }


def erase_forum_data(
    sender, user: AbstractBaseUser, identifiers: frozenset[str], **kwargs
) -> None:
    """Remove or detach the member's forum data (``member_deleted``).

    Runs inside the deletion's transaction. Posts and topics stay (the user
    row they point at is anonymised); reports and the moderation log stay for
    the moderators' history, detached from the person.
    """
    user.topic_subscriptions.clear()
    ForumSubscription.objects.filter(user=user).delete()  # follows and digests
    MentionOptOut.objects.filter(user=user).delete()
    SentDigest.objects.filter(user=user).delete()
    TopicReadTrack.objects.filter(user=user).delete()
    ForumReadTrack.objects.filter(user=user).delete()
    # Forum-scoped moderation goes too, so no moderator email reaches them.
    UserForumPermission.objects.filter(user=user).delete()
    # A held edit was never published; the post keeps its approved text.
    PendingPostEdit.objects.filter(author=user).delete()
    # A vote is kept, without the voter, so a poll's result does not change
    # for everyone else; the random key matches no visitor's.
    TopicPollVote.objects.filter(voter=user).update(
        voter=None, anonymous_key=f"deleted-{secrets.token_hex(12)}"
    )
    _reports_by(user, identifiers).exclude(reporter_email="").update(reporter_email="")
    _forget_name_in_log(user.get_username())
    for profile in ForumProfile.objects.filter(user=user):
        if profile.avatar:
            storage, name = profile.avatar.storage, profile.avatar.name
            transaction.on_commit(lambda s=storage, n=name: s.delete(n))
        profile.delete()


def _forget_name_in_log(username: str) -> None:
    # "Made forum moderator" entries name the account (forum.structure); the
    # entry stays for the audit trail, naming nobody.
    prefix = f"{username} moderates "
    entries = ModerationLogEntry.objects.filter(
        action=ModerationLogEntry.Action.GRANT_MODERATOR, target__startswith=prefix
    )
    for entry in entries:
        entry.target = f"{DELETED_ACCOUNT} moderates {entry.target[len(prefix) :]}"
        entry.save(update_fields=["target"])


def connect() -> None:
    """Connect the receivers; called from the app's ready()."""
    from ehch.accounts.signals import member_data_requested, member_deleted

    member_data_requested.connect(export_forum_data, dispatch_uid="forum-export")
    member_deleted.connect(erase_forum_data, dispatch_uid="forum-erase")
    _connect_public_forums()


def _connect_public_forums() -> None:
    # Which forums are public (the cached answer for feed links) changes with
    # the per-forum permissions and the tree: a forum added, moved or deleted.
    # Not with every save: machina saves a forum's counters on every new post.
    from django.db.models.signals import post_delete, post_save
    from machina.apps.forum.signals import forum_moved

    from .public import forget_public_forums

    Forum = get_model("forum", "Forum")

    def forum_saved(created: bool = False, **kwargs) -> None:
        if created:
            forget_public_forums()

    post_save.connect(
        forum_saved, sender=Forum, weak=False, dispatch_uid="forum-pub-new"
    )
    post_delete.connect(
        forget_public_forums, sender=Forum, dispatch_uid="forum-pub-del"
    )
    forum_moved.connect(forget_public_forums, dispatch_uid="forum-pub-moved")
    for signal in (post_save, post_delete):
        signal.connect(
            forget_public_forums,
            sender=UserForumPermission,
            dispatch_uid=f"forum-pub-permission-{signal is post_save}",
        )
