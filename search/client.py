"""The one place that builds the Elasticsearch client from settings."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from elasticsearch import Elasticsearch


@lru_cache(maxsize=4)
def _client_for(url: str, timeout: int) -> Elasticsearch:
    return Elasticsearch(
        url, request_timeout=timeout, max_retries=0, retry_on_timeout=False
    )


def get_client() -> Elasticsearch | None:
    """Return a client for ``ELASTICSEARCH_URL``, or None for the database engine."""
    url = settings.ELASTICSEARCH_URL
    if not url:
        return None
    return _client_for(url, settings.ELASTICSEARCH_TIMEOUT)
