"""Rebuilding the whole index while searches keep working."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from itertools import islice

from django.conf import settings

from search import es_index
from search.documents import all_documents
from search.indexing import save_documents, sync_elasticsearch
from search.models import IndexEntry
from search.results import SearchUnavailable

BATCH = 500


def rebuild_database(progress: Callable[[int], None] = lambda _n: None) -> int:
    """Re-create every entry from the content; drop entries nothing produced.

    Entries are replaced batch by batch (never emptied first), so the database
    engine keeps answering during a rebuild.
    """
    started = datetime.now(UTC)
    documents = all_documents()
    total = 0
    while batch := list(islice(documents, BATCH)):
        save_documents(batch)
        total += len(batch)
        progress(len(batch))
    IndexEntry.objects.filter(updated_at__lt=started).delete()
    return total


def rebuild_elasticsearch(progress: Callable[[int], None] = lambda _n: None) -> str:
    """Fill a fresh index from the database entries and swap the alias to it."""
    if not settings.ELASTICSEARCH_URL:
        raise SearchUnavailable("ELASTICSEARCH_URL is not set")
    name = f"{es_index.alias_name()}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"
    try:
        es_index.create_index(name)
        sync_elasticsearch(index=name, progress=progress, everything=True)
        es_index.get_client_or_fail().indices.refresh(index=name)
        old = es_index.swap_alias(name)
        es_index.delete_indices([index for index in old if index != name])
    except es_index.ES_ERRORS as exc:
        raise SearchUnavailable(str(exc)) from exc
    # Everything is now in Elasticsearch; removed entries can go for good.
    IndexEntry.objects.filter(deleted=True).delete()
    IndexEntry.objects.update(es_dirty=False)
    return name
