"""Background work for the forum (django-tasks)."""

from __future__ import annotations

from django_tasks import task
from machina.core.db.models import get_model

from . import digests, notifications

Post = get_model("forum_conversation", "Post")


@task()
def send_post_notifications(post_id: int) -> int:
    """Email the followers and mentioned members of a published post."""
    post = (
        Post.objects.select_related("topic", "topic__forum", "poster")
        .filter(pk=post_id, approved=True)
        .first()
    )
    if post is None:  # deleted or withdrawn before the task ran
        return 0
    return notifications.notify_new_post(post)


@task()
def send_daily_digests() -> int:
    """Send the optional daily digest of new topics in followed forums.

    Safe to run twice, even at once on two workers: each member's digest for
    a day is sent once (``forum.digests``).
    """
    digests.forget_old_digests()
    return notifications.send_daily_digests()
