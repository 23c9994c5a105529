"""Load the demo content: safe to run again, it only adds what is missing."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from casestudies import demo as casestudies_demo
from cms import demo as cms_demo


class Command(BaseCommand):
    """Create the home page, the site structure and the demo content of every app."""

    help = (
        "Load the demo content idempotently (pages, case studies, forum, statements)."
    )

    def handle(self, *args, **options) -> None:  # noqa: D102
        def progress(message: str) -> None:
            if options["verbosity"] > 0:
                self.stdout.write(f"  {message}")

        self.stdout.write("Home page and standard pages")
        home = cms_demo.ensure_home_page()
        created = cms_demo.ensure_standard_pages(progress)
        self.stdout.write("Case studies and their vocabularies")
        created += casestudies_demo.load_case_studies(home, progress)
        self.stdout.write(
            self.style.SUCCESS(f"Demo content ready ({created} pages added).")
        )
