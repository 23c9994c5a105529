"""Build or catch up the search index."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from ehch.cluster_lock import once_per_cluster
from search.indexing import sync_elasticsearch
from search.models import IndexEntry
from search.rebuild import rebuild_database, rebuild_elasticsearch
from search.results import SearchUnavailable


class Command(BaseCommand):
    """``search_index --rebuild`` re-creates everything; ``--sync`` sends what waits."""

    help = "Rebuild the search index (database, then Elasticsearch) or sync it."

    def add_arguments(self, parser) -> None:  # noqa: D102
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument(
            "--rebuild", action="store_true", help="Re-create the whole index."
        )
        group.add_argument(
            "--sync",
            action="store_true",
            help="Send Elasticsearch what it has not got yet.",
        )

    @once_per_cluster("search_index")
    def handle(self, *args, rebuild: bool, sync: bool, **options) -> None:  # noqa: D102
        quiet = options["verbosity"] == 0
        try:
            if rebuild:
                with tqdm(desc="database index", unit="item", disable=quiet) as bar:
                    total = rebuild_database(progress=bar.update)
                self.stdout.write(f"Database index: {total} items.")
                if settings.ELASTICSEARCH_URL:
                    with tqdm(
                        desc="elasticsearch", unit="item", total=total, disable=quiet
                    ) as bar:
                        name = rebuild_elasticsearch(progress=bar.update)
                    self.stdout.write(f"Elasticsearch: alias now points at {name}.")
            else:
                pending = IndexEntry.objects.filter(es_dirty=True).count()
                with tqdm(total=pending, unit="item", disable=quiet) as bar:
                    pushed = sync_elasticsearch(progress=bar.update)
                self.stdout.write(f"Sent {pushed} changes to Elasticsearch.")
        except SearchUnavailable as exc:
            raise CommandError(f"Elasticsearch did not answer: {exc}") from None
        self.stdout.write(self.style.SUCCESS("Search index ready."))
