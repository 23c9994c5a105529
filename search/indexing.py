"""Writing the index: the database entries first, then Elasticsearch from them.

The database index (``IndexEntry``) is always written, so the database engine
can answer whenever Elasticsearch cannot. Entries that Elasticsearch has not
confirmed stay ``es_dirty`` (and removed ones stay as ``deleted`` tombstones)
until a later sync succeeds, so the replica catches up after an outage.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction

from search import es_index
from search.documents import SearchDocument
from search.models import IndexEntry, IndexFacet
from search.results import SearchUnavailable

logger = logging.getLogger(__name__)
SYNC_BATCH = 500


def _vector():
    return (
        SearchVector("stemmed_title", weight="A", config="simple")
        + SearchVector("stemmed_facts", weight="A", config="simple")
        + SearchVector("stemmed_body", weight="B", config="simple")
    )


@transaction.atomic
def save_documents(documents: Iterable[SearchDocument]) -> list[int]:
    """Write documents to the database index; return their entry ids."""
    docs = list(documents)
    if not docs:
        return []
    entries = []
    for doc in docs:
        stemmed_title, stemmed_facts, stemmed_body = (
            doc.stemmed_title,
            doc.stemmed_facts,
            doc.stemmed_body,
        )
        entries.append(
            IndexEntry(
                key=doc.key,
                kind=doc.kind,
                object_id=doc.object_id,
                audience=doc.audience,
                title=doc.title[:255],
                url=doc.url,
                summary=doc.summary,
                body=doc.body[:20000],
                sort_title=(doc.sort_title or doc.title).lower()[:255],
                published_at=doc.published_at,
                stemmed_title=stemmed_title,
                stemmed_facts=stemmed_facts,
                stemmed_body=stemmed_body,
                stemmed_all=f" {stemmed_title} {stemmed_facts} {stemmed_body} ",
                display=doc.display,
                es_dirty=True,
                deleted=False,
            )
        )
    fields = [
        f.name for f in IndexEntry._meta.concrete_fields if f.name not in {"id", "key"}
    ]
    fields.remove("search_vector")
    IndexEntry.objects.bulk_create(
        entries, update_conflicts=True, unique_fields=["key"], update_fields=fields
    )
    ids = dict(
        IndexEntry.objects.filter(key__in=[d.key for d in docs]).values_list(
            "key", "pk"
        )
    )
    IndexFacet.objects.filter(entry_id__in=ids.values()).delete()
    IndexFacet.objects.bulk_create(
        [
            IndexFacet(entry_id=ids[doc.key], facet=facet, value=value)
            for doc in docs
            for facet, values in doc.facets.items()
            for value in dict.fromkeys(values)
        ]
    )
    if connection.vendor == "postgresql":
        IndexEntry.objects.filter(pk__in=ids.values()).update(search_vector=_vector())
    return list(ids.values())


@transaction.atomic
def mark_removed(keys: Iterable[str]) -> int:
    """Take entries out of search now; Elasticsearch forgets them at the next sync."""
    keys = list(keys)
    entries = IndexEntry.objects.filter(key__in=keys, deleted=False)
    if not settings.ELASTICSEARCH_URL:
        return entries.delete()[1].get("search.IndexEntry", 0)
    return entries.update(deleted=True, es_dirty=True)


def _es_source(entry: IndexEntry) -> dict:
    source = {
        "key": entry.key,
        "kind": entry.kind,
        "object_id": entry.object_id,
        "audience": entry.audience,
        "title": entry.title,
        "url": entry.url,
        "summary": entry.summary,
        "body": entry.body,
        "sort_title": entry.sort_title,
        "published_at": entry.published_at.isoformat() if entry.published_at else None,
        "stemmed_title": entry.stemmed_title,
        "stemmed_facts": entry.stemmed_facts,
        "stemmed_body": entry.stemmed_body,
        "display": entry.display,
    }
    for row in entry.facet_rows.all():
        source.setdefault(row.facet, []).append(row.value)
    return source


def _actions(entries: list[IndexEntry]):
    for entry in entries:
        if entry.deleted:
            yield {"_op_type": "delete", "_id": entry.key}
        else:
            yield {"_op_type": "index", "_id": entry.key, "_source": _es_source(entry)}


def sync_elasticsearch(
    only_ids: list[int] | None = None,
    index: str | None = None,
    progress: Callable[[int], None] = lambda _n: None,
    everything: bool = False,
) -> int:
    """Push dirty entries (or ``only_ids``) to Elasticsearch; return how many went.

    Raises:
        SearchUnavailable: when Elasticsearch cannot be reached; entries stay dirty.
    """
    if not settings.ELASTICSEARCH_URL:
        return 0
    if index is None:
        try:
            es_index.ensure_alias()
        except es_index.ES_ERRORS as exc:
            raise SearchUnavailable(str(exc)) from exc
    if everything:  # filling a fresh index during a rebuild
        pending = IndexEntry.objects.filter(deleted=False)
    elif only_ids is not None:
        pending = IndexEntry.objects.filter(pk__in=only_ids)
    else:
        pending = IndexEntry.objects.filter(es_dirty=True)
    pushed = 0
    last_pk = 0
    while True:
        batch = list(
            pending.filter(pk__gt=last_pk)
            .order_by("pk")
            .prefetch_related("facet_rows")[:SYNC_BATCH]
        )
        if not batch:
            return pushed
        last_pk = batch[-1].pk
        by_key = {entry.key: entry for entry in batch}
        done_keys: list[str] = []
        try:
            for ok, item in es_index.bulk_write(_actions(batch), index=index):
                op, result = next(iter(item.items()))
                # Deleting what Elasticsearch never had is still done.
                if ok or (op == "delete" and result.get("status") == 404):
                    done_keys.append(result["_id"])
                else:
                    logger.error(
                        "Elasticsearch refused %s: %s", result.get("_id"), result
                    )
        except es_index.ES_ERRORS as exc:
            raise SearchUnavailable(str(exc)) from exc
        removed = [key for key in done_keys if by_key[key].deleted]
        IndexEntry.objects.filter(key__in=removed, deleted=True).delete()
        IndexEntry.objects.filter(
            key__in=[k for k in done_keys if k not in removed], deleted=False
        ).update(es_dirty=False)
        pushed += len(done_keys)
        progress(len(batch))


def try_sync(only_ids: list[int] | None = None) -> bool:
    """Sync Elasticsearch, logging rather than raising when it is away."""
    try:
        sync_elasticsearch(only_ids)
    except SearchUnavailable as exc:
        logger.warning("Elasticsearch sync postponed: %s", exc)
        return False
    return True
