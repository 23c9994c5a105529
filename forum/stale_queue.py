"""One stale-queue alert for every moderation queue on the site.

Held forum posts, held edits, open reports, shared views waiting in the
residents' space, member applications and "we tried this" reports and updates.
Each waiting item is named at most
once per interval: ``QueueAlert`` records when it was last named, so an hourly
cron run does not repeat the same email.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.apps import apps
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from machina.core.db.models import get_model

from .models import PendingPostEdit, PostReport, QueueAlert
from .notifications import site_url
from .reports import email_moderators

Post = get_model("forum_conversation", "Post")


@dataclass(frozen=True)
class WaitingItem:
    """One item a moderator should look at."""

    kind: str
    object_id: int
    label: str
    waiting_since: datetime
    url: str


QUEUE_NAMES = {
    "post": "Held forum posts",
    "edit": "Held edits of forum posts",
    "report": "Open reports",
    "shared_view": "Shared views waiting for moderation",
    "application": "Member applications",
    "tried_report": "We-tried-this reports",
    "tried_update": "We-tried-this updates",
}


def _admin_url(name: str, *args) -> str:
    return site_url(reverse(name, args=args))


def _held_posts(cutoff: datetime) -> list[WaitingItem]:
    posts = (
        Post.objects.filter(approved=False, created__lt=cutoff)
        .select_related("topic__forum")
        .order_by("created")
    )
    return [
        WaitingItem(
            "post",
            post.pk,
            f"“{post.subject}” in {post.topic.forum.name}",
            post.created,
            _admin_url("forum_moderation:queued_post", post.pk),
        )
        for post in posts
    ]


def _held_edits(cutoff: datetime) -> list[WaitingItem]:
    return [
        WaitingItem(
            "edit",
            edit.pk,
            f"Edit of “{edit.post.subject}” in {edit.post.topic.forum.name}",
            edit.created_at,
            _admin_url("community_forum:held_edit", edit.pk),
        )
        for edit in PendingPostEdit.objects.waiting().filter(created_at__lt=cutoff)
    ]


def _open_reports(cutoff: datetime) -> list[WaitingItem]:
    return [
        WaitingItem(
            "report",
            report.pk,
            f"Report {report.pk}: {report.get_reason_display()}",
            report.created_at,
            _admin_url("community_forum:report_detail", report.pk),
        )
        for report in PostReport.objects.open().filter(created_at__lt=cutoff)
    ]


def _shared_views(cutoff: datetime) -> list[WaitingItem]:
    if not apps.is_installed("cms.voices"):
        return []
    Submission = apps.get_model("voices", "Submission")
    # Only the reference: the words may be sensitive and emails travel far.
    return [
        WaitingItem(
            "shared_view",
            submission.pk,
            str(submission),
            submission.created_at,
            _admin_url("voices_admin:moderate", submission.pk),
        )
        for submission in Submission.objects.awaiting_moderation().filter(
            created_at__lt=cutoff
        )
    ]


def _applications(cutoff: datetime) -> list[WaitingItem]:
    if not apps.is_installed("ehch.accounts"):
        return []
    MemberProfile = apps.get_model("members", "MemberProfile")
    return [
        WaitingItem(
            "application",
            profile.pk,
            f"Application from {profile.display_name}",
            profile.created_at,
            _admin_url("members_pending"),
        )
        for profile in MemberProfile.objects.pending().filter(created_at__lt=cutoff)
    ]


def _tried(cutoff: datetime) -> list[WaitingItem]:
    items = []
    for queue, kind, model_name, label in (
        ("tried_report", "report", "TriedReport", "Report"),
        ("tried_update", "follow-up", "TriedFollowUp", "Update"),
    ):
        model = apps.get_model("impact", model_name)
        for item in model.objects.pending().filter(created_at__lt=cutoff):
            items.append(
                WaitingItem(
                    queue,
                    item.pk,
                    f"{label} {item.pk} (we tried this)",
                    item.created_at,
                    _admin_url("impact_admin:moderate", kind, item.pk),
                )
            )
    return items


def stale_items(cutoff: datetime) -> list[WaitingItem]:
    """Every item in every queue that has waited since before ``cutoff``."""
    return [
        *_held_posts(cutoff),
        *_held_edits(cutoff),
        *_open_reports(cutoff),
        *_shared_views(cutoff),
        *_applications(cutoff),
        *_tried(cutoff),
    ]


def alert_stale_queues(hours: int, now: datetime | None = None) -> tuple[int, int]:
    """Email moderators the items waiting longer than ``hours`` not named lately.

    An item named in an alert is named again only after another ``hours``
    have passed, if it is still waiting. Nothing is recorded when no email
    could be sent, so the next run tries again.

    Returns:
        (addresses emailed, items named); (0, 0) when nothing is due.
    """
    now = now or timezone.now()
    interval = timedelta(hours=hours)
    waiting = stale_items(now - interval)
    keys = {(item.kind, item.object_id) for item in waiting}
    recent = {
        (alert.kind, alert.object_id)
        for alert in QueueAlert.objects.filter(alerted_at__gt=now - interval)
    }
    due = [item for item in waiting if (item.kind, item.object_id) not in recent]
    # Forget items that have left the queues, so the table stays small.
    stale_alerts = [
        alert.pk
        for alert in QueueAlert.objects.all()
        if (alert.kind, alert.object_id) not in keys
    ]
    QueueAlert.objects.filter(pk__in=stale_alerts).delete()
    if not due:
        return 0, 0
    sections = [
        (name, [item for item in due if item.kind == kind])
        for kind, name in QUEUE_NAMES.items()
    ]
    sent = email_moderators(
        f"{len(due)} item(s) waiting more than {hours} hours for a moderator",
        "stale_queue",
        {"sections": [s for s in sections if s[1]], "hours": hours},
    )
    if sent:
        with transaction.atomic():
            for item in due:
                QueueAlert.objects.update_or_create(
                    kind=item.kind,
                    object_id=item.object_id,
                    defaults={"alerted_at": now},
                )
    return sent, len(due)
