"""Create (or remove) synthetic case studies for benchmarks."""

from __future__ import annotations

import logging

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from casestudies import synthetic


class Command(BaseCommand):
    """``generate_casestudies --count N --seed S`` or ``--remove``."""

    help = "Bulk-create N synthetic case studies (prefix 'synthetic-') or remove them."

    def add_arguments(self, parser) -> None:  # noqa: D102
        parser.add_argument("--count", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--remove", action="store_true", help="Delete every synthetic case study."
        )

    def handle(self, *args, count: int, seed: int, remove: bool, **options) -> None:  # noqa: D102
        if remove:
            # Wagtail logs every deleted page at INFO; thousands of lines help nobody.
            logging.getLogger("wagtail").setLevel(logging.WARNING)
            gone = synthetic.remove()
            self.stdout.write(
                self.style.SUCCESS(f"Removed {gone} synthetic case studies.")
            )
            return
        if count < 1:
            raise CommandError("--count must be at least 1.")
        with tqdm(
            total=count, unit="case study", disable=options["verbosity"] == 0
        ) as bar:
            try:
                made = synthetic.generate(count, seed, progress=bar.update)
            except ValueError as exc:
                raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Created {made} synthetic case studies."))
