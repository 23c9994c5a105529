"""Delete follow-up contact details older than the retention period."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from cms.voices.retention import purge_expired_contacts


class Command(BaseCommand):
    """Delete contact details older than VOICES_CONTACT_RETENTION_DAYS.

    Run it daily from the scheduler (cron, systemd timer, or the platform's
    scheduled jobs): ``manage.py purge_voice_contacts``.
    """

    help = "Delete shared views' contact details older than the retention period."

    def add_arguments(self, parser) -> None:  # noqa: D102
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Override VOICES_CONTACT_RETENTION_DAYS for this run.",
        )

    def handle(self, *args, **options) -> None:  # noqa: D102
        days, deleted = purge_expired_contacts(options["days"])
        self.stdout.write(f"Deleted {deleted} contact details older than {days} days.")
