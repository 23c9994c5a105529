"""Email moderators when a queued post has waited too long."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils import timezone
from machina.core.db.models import get_model

from forum.notifications import site_url
from forum.reports import email_moderators

Post = get_model("forum_conversation", "Post")


class Command(BaseCommand):
    """Run hourly from cron: one email listing posts queued for too long."""

    help = "Email moderators about posts queued longer than FORUM_QUEUE_ALERT_HOURS."

    def add_arguments(self, parser) -> None:  # noqa: D102
        parser.add_argument(
            "--hours",
            type=int,
            default=settings.FORUM_QUEUE_ALERT_HOURS,
            help="Alert about posts waiting longer than this (default: the setting).",
        )

    def handle(self, *args, **options) -> None:  # noqa: D102
        hours = options["hours"]
        cutoff = timezone.now() - timedelta(hours=hours)
        stale = list(
            Post.objects.filter(approved=False, created__lt=cutoff)
            .select_related("topic", "topic__forum")
            .order_by("created")
        )
        if not stale:
            self.stdout.write("No queued posts are waiting too long.")
            return
        sent = email_moderators(
            f"{len(stale)} forum post(s) waiting more than {hours} hours",
            "stale_queue",
            {
                "posts": stale,
                "hours": hours,
                "queue_url": site_url(reverse("forum_moderation:queue")),
            },
        )
        self.stdout.write(f"Alerted {sent} moderator(s) about {len(stale)} post(s).")
