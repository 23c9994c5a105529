"""Create the forum tree and its permissions (idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from forum.structure import ensure_forum_tree


class Command(BaseCommand):
    """Create or update the forum spaces, topic forums and who may do what."""

    help = "Create the forum tree and its permissions; safe to run again."

    def handle(self, *args, **options) -> None:  # noqa: D102
        forums = ensure_forum_tree()
        self.stdout.write(
            self.style.SUCCESS(f"Forum tree ready ({len(forums)} nodes).")
        )
