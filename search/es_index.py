"""The Elasticsearch index: its mapping, alias swaps and bulk writes.

Mappings use only what the server core offers (the standard analyzer, text and
keyword fields), so they run on the integration-test distribution and on any
Elasticsearch 8 cluster. Searches and writes go through an alias, so a rebuild
fills a fresh index and swaps the alias in one step.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from django.conf import settings
from elasticsearch import ApiError, TransportError
from elasticsearch.dsl import Date, Document, Keyword, Long, Object, Text
from elasticsearch.helpers import BulkIndexError, streaming_bulk

from search.client import get_client
from search.results import CASE_STUDY_FACETS, SearchUnavailable

logger = logging.getLogger(__name__)
ES_ERRORS = (ApiError, TransportError, BulkIndexError, ConnectionError)


class ContentDocument(Document):
    """Every searchable item; facets are keyword fields named as in the URLs."""

    key = Keyword()
    kind = Keyword()
    object_id = Long()
    audience = Keyword()
    title = Text(analyzer="standard")
    url = Keyword(index=False)
    summary = Text(index=False)
    body = Text(index=False)
    sort_title = Keyword()
    published_at = Date()
    stemmed_title = Text(analyzer="standard")
    stemmed_facts = Text(analyzer="standard")
    stemmed_body = Text(analyzer="standard")
    display = Object(enabled=False)
    approach = Keyword()
    rollout = Keyword()
    resourcing = Keyword()
    challenge = Keyword()
    region = Keyword()
    lead = Keyword()
    element = Keyword()
    provenance = Keyword()


if not set(CASE_STUDY_FACETS) <= set(ContentDocument._doc_type.mapping):
    raise RuntimeError("every case-study facet needs a keyword field in the mapping")


def alias_name() -> str:
    """The alias every search and write uses."""
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-content"


def get_client_or_fail():
    """The Elasticsearch client; SearchUnavailable when none is configured."""
    client = get_client()
    if client is None:
        raise SearchUnavailable("ELASTICSEARCH_URL is not set")
    return client


def create_index(name: str) -> None:
    """Create an empty index with the mapping: one shard, a replica when possible.

    One primary shard holds the whole network's content many times over (a
    shard is comfortable up to tens of gigabytes; ours is megabytes), and a
    single shard keeps relevance scores exact. ``auto_expand_replicas``
    ``0-1`` gives the shard a copy on a second data node as soon as the
    cluster has one, so losing a node loses no search, and none on a single
    node, where a replica could never be placed (the index stays green).
    """
    client = get_client_or_fail()
    client.indices.create(
        index=name,
        mappings=ContentDocument._doc_type.mapping.to_dict(),
        settings={"number_of_shards": 1, "auto_expand_replicas": "0-1"},
    )


def ensure_alias() -> None:
    """Create a first index behind the alias when there is none."""
    client = get_client_or_fail()
    if client.indices.exists_alias(name=alias_name()):
        return
    name = f"{alias_name()}-{datetime.now(UTC):%Y%m%d%H%M%S%f}"
    create_index(name)
    client.indices.put_alias(index=name, name=alias_name())


def bulk_write(
    actions: Iterable[dict], index: str | None = None
) -> Iterator[tuple[bool, dict]]:
    """Send index/delete actions in bulk; yield (ok, item) per action."""
    client = get_client_or_fail()
    target = index or alias_name()
    prepared = ({**action, "_index": target} for action in actions)
    yield from streaming_bulk(
        client, prepared, chunk_size=500, raise_on_error=False, raise_on_exception=True
    )


def swap_alias(new_index: str) -> list[str]:
    """Point the alias at ``new_index`` in one step; return the old indices."""
    client = get_client_or_fail()
    alias = alias_name()
    old = (
        list(client.indices.get_alias(name=alias).keys())
        if client.indices.exists_alias(name=alias)
        else []
    )
    actions = [{"remove": {"index": name, "alias": alias}} for name in old]
    actions.append({"add": {"index": new_index, "alias": alias}})
    client.indices.update_aliases(actions=actions)
    return old


def delete_indices(names: list[str]) -> None:
    """Delete old indices after a swap."""
    client = get_client_or_fail()
    for name in names:
        client.indices.delete(index=name, ignore_unavailable=True)


def refresh() -> None:
    """Make recent writes searchable now (tests and rebuilds)."""
    get_client_or_fail().indices.refresh(index=alias_name())


def drop_everything() -> None:
    """Delete the alias and every index behind it (tests)."""
    client = get_client_or_fail()
    client.indices.delete(index=f"{alias_name()}-*", ignore_unavailable=True)
