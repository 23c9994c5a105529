"""Create the role groups and grant their permissions; safe to run again."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ehch.accounts.role_setup import set_up_roles


class Command(BaseCommand):
    """Create Members, Moderators, Editors, Safeguarding contacts, Administrators."""

    help = "Create the role groups and grant their permissions (idempotent)."

    def handle(self, *args, **options) -> None:  # noqa: D102
        counts = set_up_roles()
        if options["verbosity"] > 0:
            for name, count in counts.items():
                self.stdout.write(f"  {name}: {count} permissions")
        self.stdout.write(self.style.SUCCESS("Roles ready."))
