"""Email members about new matches for their saved searches (run daily)."""

from django.core.management.base import BaseCommand

from ehch.cluster_lock import once_per_cluster
from search.alerts import send_due_alerts


class Command(BaseCommand):
    """Send at most one email per saved search per day."""

    help = "Email members about new matches for their saved searches."

    @once_per_cluster("send_search_alerts")
    def handle(self, *args, **options) -> None:  # noqa: D102
        sent = send_due_alerts()
        self.stdout.write(self.style.SUCCESS(f"Sent {sent} search alert emails."))
