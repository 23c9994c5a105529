"""Create (or remove) synthetic public statements for benchmarks."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cms.voices import synthetic


class Command(BaseCommand):
    """``generate_statements --count N --seed S`` or ``--remove``."""

    help = (
        "Bulk-create N approved, illustrative statements (text starts "
        f"'{synthetic.TEXT_PREFIX}'), indexed for search; or remove them."
    )

    def add_arguments(self, parser) -> None:  # noqa: D102
        parser.add_argument("--count", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--remove", action="store_true", help="Delete every synthetic statement."
        )

    def handle(self, *args, count: int, seed: int, remove: bool, **options) -> None:  # noqa: D102
        if remove:
            gone = synthetic.remove()
            self.stdout.write(
                self.style.SUCCESS(f"Removed {gone} synthetic statements.")
            )
            return
        if count < 1:
            raise CommandError("--count must be at least 1.")
        with tqdm(
            total=count, unit="statement", disable=options["verbosity"] == 0
        ) as bar:
            try:
                made = synthetic.generate(count, seed, progress=bar.update)
            except ValueError as exc:
                raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(f"Created {made} synthetic statements."))
