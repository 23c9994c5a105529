"""Wagtail's ``publish_scheduled``, run at most once at a time across the site."""

from __future__ import annotations

from wagtail.management.commands.publish_scheduled import Command as WagtailCommand

from ehch.cluster_lock import once_per_cluster


class Command(WagtailCommand):
    """Publish and unpublish scheduled pages and snippets (every 5 minutes).

    The ``ehch`` app is listed before Wagtail in ``INSTALLED_APPS``, so this
    command takes the name. Two servers running it at once could publish one
    scheduled revision twice (two log entries, two rounds of indexing); the
    cluster lock lets one run and the other exit. A second run after the
    first finds nothing due, since publishing clears the schedule.
    """

    help = "Publish and unpublish scheduled pages and snippets, once per cluster."

    @once_per_cluster("publish_scheduled")
    def handle(self, *args, **options):  # noqa: D102
        return super().handle(*args, **options)
