"""Ask the authors of we-tried-this reports what has happened since (once each)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ehch.cluster_lock import once_per_cluster
from impact.tried import send_follow_ups


class Command(BaseCommand):
    """Run daily from cron: ``manage.py send_tried_follow_ups``."""

    help = (
        "Email each member whose we-tried-this report was published "
        "TRIED_FOLLOW_UP_DAYS ago, once, to ask what has happened since."
    )

    @once_per_cluster("send_tried_follow_ups")
    def handle(self, *args, **options) -> None:  # noqa: D102
        counts = send_follow_ups()
        self.stdout.write(
            f"Follow-ups sent: {counts['sent']}; failed (tried again next run): "
            f"{counts['failed']}."
        )
        if counts["failed"]:
            # A non-zero exit shows in the scheduler's status as well as the log.
            raise CommandError(f"{counts['failed']} follow-up email(s) failed.")
