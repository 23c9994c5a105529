"""Load the demo content: safe to run again, it only adds what is missing."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from casestudies import demo as casestudies_demo
from cms import demo as cms_demo
from cms.voices import demo as voices_demo
from ehch.accounts.role_setup import set_up_roles
from forum import demo as forum_demo


class Command(BaseCommand):
    """Create the home page, the site structure and the demo content of every app."""

    help = (
        "Load the demo content idempotently (pages, case studies, forum, statements)."
    )

    def handle(self, *args, **options) -> None:  # noqa: D102
        def progress(message: str) -> None:
            if options["verbosity"] > 0:
                self.stdout.write(f"  {message}")

        self.stdout.write("Role groups and their permissions")
        set_up_roles()
        self.stdout.write("Home page and standard pages")
        home = cms_demo.ensure_home_page()
        created = cms_demo.ensure_standard_pages(progress)
        if cms_demo.ensure_contact_details():
            progress("demo contact details (a drama phone number, no real address)")
        self.stdout.write("Case studies and their vocabularies")
        created += casestudies_demo.load_case_studies(home, progress)
        self.stdout.write("Guidance, leadership resources and the editorial workflow")
        created += cms_demo.load_guidance(home, progress)
        self.stdout.write("Forum spaces, permissions and demo topics")
        forum_demo.load_forum_demo(progress)
        self.stdout.write("What good looks like: themes, statements, a synthesis")
        created += voices_demo.load_voices(home, progress)
        self.stdout.write("Search index")
        self._rebuild_search_index(options["verbosity"])
        self.stdout.write(
            self.style.SUCCESS(f"Demo content ready ({created} pages added).")
        )

    def _rebuild_search_index(self, verbosity: int) -> None:
        # Publishing already indexed each page; a rebuild also covers bulk-made
        # content and brings Elasticsearch (when configured) fully in step.
        from django.core.management import call_command
        from django.core.management.base import CommandError

        try:
            call_command("search_index", rebuild=True, verbosity=verbosity)
        except CommandError as exc:
            self.stderr.write(f"  search index not rebuilt: {exc}")
