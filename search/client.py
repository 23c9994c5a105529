"""The one place that builds the Elasticsearch client from settings.

``ELASTICSEARCH_URL`` may name several nodes of one cluster, comma-separated.
The client sends each request to the next node in turn and, when a node does
not answer (refused, reset, timed out, or a 502/503/504), retries it once on
each other node before giving up, and leaves a failed node alone for a while.
With one node there is nowhere else to go, so nothing is retried: the
search breaker (``search/breaker.py``) answers from the database instead.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from elasticsearch import Elasticsearch


def nodes(url: str) -> list[str]:
    """The node addresses in an ``ELASTICSEARCH_URL`` (comma-separated)."""
    return [node for node in url.split(",") if node]


@lru_cache(maxsize=4)
def _client_for(url: str, timeout: int) -> Elasticsearch:
    hosts = nodes(url)
    others = len(hosts) - 1
    return Elasticsearch(
        hosts,
        request_timeout=timeout,
        max_retries=others,
        retry_on_timeout=others > 0,
        # A node that failed is skipped for 1 s, doubling to 30 s while it
        # keeps failing; requests go to the live ones meanwhile.
        dead_node_backoff_factor=1.0,
        max_dead_node_backoff=30.0,
    )


def get_client() -> Elasticsearch | None:
    """Return a client for ``ELASTICSEARCH_URL``, or None for the database engine."""
    url = settings.ELASTICSEARCH_URL
    if not url:
        return None
    return _client_for(url, settings.ELASTICSEARCH_TIMEOUT)
