"""Send due safeguarding emails again and escalate unacknowledged concerns."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from cms.voices.safeguarding import escalate_unacknowledged, retry_due
from ehch.cluster_lock import once_per_cluster


class Command(BaseCommand):
    """Run every 5 minutes from cron: ``manage.py safeguarding_alerts``.

    Sends every outbox email that is due (a retry after a failure, or one the
    task queue never took), then emails again about concerns nobody has
    acknowledged (see SAFEGUARDING_ESCALATE_AFTER_MINUTES), and sends what
    that queued.
    """

    help = "Retry due safeguarding emails; escalate unacknowledged concerns."

    @once_per_cluster("safeguarding_alerts")
    def handle(self, *args, **options) -> None:  # noqa: D102
        retried = retry_due()
        reminded, escalated = escalate_unacknowledged()
        # With a task queue the new emails are already queued; send any still due.
        after = retry_due()
        sent = retried["sent"] + after["sent"]
        failed = retried["failed"] + after["failed"]
        self.stdout.write(
            f"Safeguarding emails: {sent} sent, {failed} failed (will retry). "
            f"Concerns not acknowledged: {reminded} sent again to the contacts, "
            f"{escalated} to the administrators."
        )
        if failed:
            self.stderr.write(f"{failed} safeguarding email(s) failed to send.")
