"""Which search engine serves the site, and whether it is answering."""

from __future__ import annotations

import logging

from elasticsearch import ApiError, TransportError

from search.client import get_client

logger = logging.getLogger(__name__)


def elasticsearch_ok() -> bool:
    """Return True when the configured Elasticsearch cluster reports green or yellow."""
    client = get_client()
    if client is None:
        return False
    try:
        # GET / is missing from the server-core distribution; cluster health is not.
        health = client.cluster.health(timeout="2s")
    except (ApiError, TransportError) as exc:
        logger.warning("Elasticsearch did not answer the health check: %s", exc)
        return False
    return health.get("status") in {"green", "yellow"}
