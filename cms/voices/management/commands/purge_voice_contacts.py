"""Delete contact details and edited views' original words past their retention."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from cms.voices.retention import purge_expired_contacts, purge_redacted_originals
from ehch.cluster_lock import once_per_cluster


class Command(BaseCommand):
    """Delete what the residents' space keeps only for a while.

    Contact details older than VOICES_CONTACT_RETENTION_DAYS, and the original
    words of views moderators edited, VOICES_ORIGINAL_RETENTION_DAYS after the
    last decision. Run it daily from the scheduler (cron, systemd timer, or
    the platform's scheduled jobs): ``manage.py purge_voice_contacts``.
    """

    help = (
        "Delete shared views' contact details, and the original words of edited "
        "views, older than their retention periods."
    )

    def add_arguments(self, parser) -> None:  # noqa: D102
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Override VOICES_CONTACT_RETENTION_DAYS for this run.",
        )
        parser.add_argument(
            "--original-days",
            type=int,
            default=None,
            help="Override VOICES_ORIGINAL_RETENTION_DAYS for this run.",
        )

    @once_per_cluster("purge_voice_contacts")
    def handle(self, *args, **options) -> None:  # noqa: D102
        days, deleted = purge_expired_contacts(options["days"])
        self.stdout.write(f"Deleted {deleted} contact details older than {days} days.")
        days, purged = purge_redacted_originals(options["original_days"])
        self.stdout.write(
            f"Deleted the original words of {purged} edited views decided over "
            f"{days} days ago."
        )
