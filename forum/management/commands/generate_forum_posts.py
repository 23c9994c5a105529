"""Create (or remove) synthetic forum topics and posts for benchmarks."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from forum import synthetic


class Command(BaseCommand):
    """``generate_forum_posts --count N --topics T --seed S`` or ``--remove``."""

    help = (
        "Bulk-create N approved synthetic posts in T new topics of a public forum "
        f"(subjects start '{synthetic.TOPIC_PREFIX}'), indexed for search; "
        "or remove them."
    )

    def add_arguments(self, parser) -> None:  # noqa: D102
        parser.add_argument("--count", type=int, default=1000)
        parser.add_argument("--topics", type=int, default=20)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--remove",
            action="store_true",
            help="Delete every synthetic topic, post and poster.",
        )

    def handle(  # noqa: D102
        self, *args, count: int, topics: int, seed: int, remove: bool, **options
    ) -> None:
        if remove:
            gone = synthetic.remove()
            self.stdout.write(self.style.SUCCESS(f"Removed {gone} synthetic posts."))
            return
        with tqdm(total=count, unit="post", disable=options["verbosity"] == 0) as bar:
            try:
                made = synthetic.generate(count, topics, seed, progress=bar.update)
            except ValueError as exc:
                raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(f"Created {made} synthetic posts in {topics} topics.")
        )
