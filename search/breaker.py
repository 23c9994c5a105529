"""A circuit breaker for Elasticsearch, so a hung cluster cannot stall the site.

Interactive searches wait at most ``ELASTICSEARCH_SEARCH_TIMEOUT`` seconds.
After ``SEARCH_BREAKER_FAILURES`` failures or timeouts within
``SEARCH_BREAKER_SECONDS``, the breaker opens: for the next
``SEARCH_BREAKER_SECONDS`` searches skip Elasticsearch and answer from the
database engine at once. When that time is up one search tries Elasticsearch
again; a success closes the breaker, a failure opens it for another period.

The state lives in Django's default cache, so every worker sharing that cache
(Redis or the file cache) skips the cluster together.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache

from ehch.rediscache import CacheUnavailable

logger = logging.getLogger(__name__)

FAILURES_KEY = "search:breaker:failures"
OPEN_UNTIL_KEY = "search:breaker:open-until"


def _period() -> int:
    return max(1, int(settings.SEARCH_BREAKER_SECONDS))


def is_open() -> bool:
    """True while searches should skip Elasticsearch."""
    open_until = cache.get(OPEN_UNTIL_KEY)
    return open_until is not None and time.time() < open_until


def record_failure(reason: str) -> None:
    """Count one failed or timed-out search; open the breaker at the threshold."""
    cache.add(FAILURES_KEY, 0, timeout=_period())
    try:
        failures = cache.incr(FAILURES_KEY)
    except ValueError:  # expired between add() and incr()
        cache.set(FAILURES_KEY, 1, timeout=_period())
        failures = 1
    except CacheUnavailable:
        # Nowhere to count: every search still falls back to the database
        # after its own timeout, it just cannot skip the wait.
        logger.warning("search failure not counted, the shared cache is down")
        return
    if failures >= settings.SEARCH_BREAKER_FAILURES:
        cache.set(OPEN_UNTIL_KEY, time.time() + _period(), timeout=_period())
        cache.delete(FAILURES_KEY)
        logger.error(
            "Elasticsearch failed %d times (last: %s): searches use the database "
            "for %d seconds",
            failures,
            reason,
            _period(),
        )


def record_success() -> None:
    """A search succeeded: forget earlier failures."""
    if cache.get(FAILURES_KEY) is not None:
        cache.delete(FAILURES_KEY)
