"""Create the Editors and Moderators groups, their permissions and the workflow."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from cms.editorial import WORKFLOW_NAME, setup_editorial
from cms.models import HomePage


class Command(BaseCommand):
    """Idempotent editorial set-up; ``load_demo`` runs it after the home page."""

    help = (
        "Create the Editors and Moderators groups with their page permissions and "
        f"the '{WORKFLOW_NAME}' workflow on the home page. Safe to run again."
    )

    def handle(self, *args, **options) -> None:  # noqa: D102
        home = HomePage.objects.first()
        if home is None:
            raise CommandError("There is no home page yet: run load_demo first.")
        setup = setup_editorial(home)
        self.stdout.write(
            self.style.SUCCESS(
                f"Groups {setup.editors.name} and {setup.moderators.name} and the "
                f"'{setup.workflow.name}' workflow are set up on {home.url_path}."
            )
        )
