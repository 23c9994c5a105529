"""Send the optional daily digest of new topics in followed forums."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ehch.cluster_lock import once_per_cluster
from forum.tasks import send_daily_digests


class Command(BaseCommand):
    """Run once a day from cron; queues the digest as a background task."""

    help = "Email members who chose a daily digest the new topics of the last day."

    @once_per_cluster("forum_digest")
    def handle(self, *args, **options) -> None:  # noqa: D102
        result = send_daily_digests.enqueue()
        self.stdout.write(f"Daily digest queued ({result.id}).")
