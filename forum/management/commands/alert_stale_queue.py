"""Email moderators when anything in any moderation queue has waited too long."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ehch.cluster_lock import once_per_cluster
from forum.stale_queue import alert_stale_queues


class Command(BaseCommand):
    """Run hourly from cron: one email naming each item waiting too long, once.

    Covers held forum posts and edits, open reports, shared views and member
    applications (see ``forum.stale_queue``).
    """

    help = (
        "Email moderators about items in any queue waiting longer than "
        "FORUM_QUEUE_ALERT_HOURS, each named once per interval."
    )

    def add_arguments(self, parser) -> None:  # noqa: D102
        parser.add_argument(
            "--hours",
            type=int,
            default=settings.FORUM_QUEUE_ALERT_HOURS,
            help="Alert about items waiting longer than this (default: the setting).",
        )

    @once_per_cluster("alert_stale_queue")
    def handle(self, *args, **options) -> None:  # noqa: D102
        hours = options["hours"]
        if hours < 1:
            raise CommandError("--hours must be 1 or more.")
        sent, named = alert_stale_queues(hours)
        if named and not sent:
            raise CommandError(
                f"{named} item(s) are waiting too long, but no moderator has an "
                "email address: nobody was alerted."
            )
        if not named:
            self.stdout.write("Nothing new has waited too long.")
            return
        self.stdout.write(f"Alerted {sent} moderator(s) about {named} item(s).")
