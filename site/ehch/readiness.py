"""What /readyz checks: every part a page or a background job depends on.

Each check returns a dict whose ``state`` is ``"ok"`` or names what is wrong
(``"down"``, ``"behind"``), with a few plain facts beside it. A part is
*required* unless ``READYZ_OPTIONAL`` lists it; any required part not ``ok``
makes /readyz answer 503 (ehch/health.py).
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.db.models import Count, Min
from django.utils import timezone

from ehch.rediscache import OUTAGE_ERRORS, CacheUnavailable, ResilientRedisCache
from ehch.storage import STORAGE_ERRORS, object_storage
from search.engines import elasticsearch_ok

logger = logging.getLogger(__name__)

DATABASE_QUEUE = "django_tasks_db.DatabaseBackend"


def database_ok() -> bool:
    """Return True when a trivial query succeeds on the default database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("readiness check: the database did not answer")
        return False
    return True


def check_database() -> dict:
    """The default database answers a query."""
    return {
        "state": "ok" if database_ok() else "down",
        "engine": connection.vendor,
    }


def check_cache() -> dict:
    """A real write and read back through the default cache."""
    backend = caches["default"]
    kind = "redis" if isinstance(backend, ResilientRedisCache) else "local"
    try:
        if isinstance(backend, ResilientRedisCache):
            backend.round_trip()
        else:
            key = f"readyz:{time.time_ns()}"
            backend.set(key, "ok", 10)
            if backend.get(key) != "ok":
                raise CacheUnavailable("a value written was not read back")
            backend.delete(key)
    except (*OUTAGE_ERRORS, CacheUnavailable, OSError) as exc:
        logger.error("readiness check: the cache failed a round trip: %s", exc)
        return {"state": "down", "kind": kind, "error": type(exc).__name__}
    return {"state": "ok", "kind": kind}


def check_storage() -> dict:
    """Uploads' object store answers for its bucket (local disk: nothing to ask)."""
    store = object_storage()
    if store is None:
        return {"state": "ok", "kind": "local"}
    try:
        store.round_trip()
    except STORAGE_ERRORS as exc:
        logger.error("readiness check: the object store did not answer: %s", exc)
        return {"state": "down", "kind": "object", "error": type(exc).__name__}
    return {"state": "ok", "kind": "object"}


def check_search(database_up: bool) -> dict:
    """The search engine in use answers (the database engine is the database)."""
    if settings.SEARCH_ENGINE != "elasticsearch":
        return {"state": "ok" if database_up else "down", "engine": "database"}
    return {
        "state": "ok" if elasticsearch_ok() else "down",
        "engine": "elasticsearch",
    }


def check_tasks(database_up: bool) -> dict:
    """The database task queue is short enough, and its oldest due task recent.

    A task is due from when it was queued, or from its ``run_after`` when that
    was set; tasks waiting for a later time are not counted. Limits:
    ``READYZ_TASKS_MAX_QUEUED`` and ``READYZ_TASKS_MAX_AGE_SECONDS``.
    """
    backend = settings.TASKS["default"]["BACKEND"]
    if backend != DATABASE_QUEUE:
        return {"state": "ok", "backend": backend, "queued": None}
    if not database_up:
        return {"state": "down", "backend": backend, "reason": "the database is down"}
    from django_tasks_db.models import DBTaskResult, get_date_max

    now = timezone.now()
    due = DBTaskResult.objects.ready()
    try:
        unscheduled = due.filter(run_after=get_date_max()).aggregate(
            count=Count("pk"), oldest=Min("enqueued_at")
        )
        scheduled = due.exclude(run_after=get_date_max()).aggregate(
            count=Count("pk"), oldest=Min("run_after")
        )
    except DatabaseError as exc:
        logger.error("readiness check: could not read the task queue: %s", exc)
        return {"state": "down", "backend": backend, "queued": None}
    queued = unscheduled["count"] + scheduled["count"]
    oldest = min(
        (t for t in (unscheduled["oldest"], scheduled["oldest"]) if t is not None),
        default=None,
    )
    age = (now - oldest) if oldest else timedelta(0)
    max_queued = settings.READYZ_TASKS_MAX_QUEUED
    max_age = settings.READYZ_TASKS_MAX_AGE_SECONDS
    behind = queued > max_queued or age.total_seconds() > max_age
    return {
        "state": "behind" if behind else "ok",
        "backend": backend,
        "queued": queued,
        "oldest_seconds": int(age.total_seconds()),
        "max_queued": max_queued,
        "max_age_seconds": max_age,
    }


def readiness() -> tuple[bool, dict]:
    """Run every check; return (ready, body) where body names each part.

    The database is asked once: the database search engine and the task queue
    live in it, so they are down without a second wait when it is.
    """
    optional = set(settings.READYZ_OPTIONAL)
    parts = {"database": check_database(), "cache": check_cache()}
    database_up = parts["database"]["state"] == "ok"
    parts["search"] = check_search(database_up)
    parts["tasks"] = check_tasks(database_up)
    parts["storage"] = check_storage()
    for name, part in parts.items():
        part["required"] = name not in optional
    failing = [name for name, part in parts.items() if part["state"] != "ok"]
    ready = not any(parts[name]["required"] for name in failing)
    status = "ready" if not failing else ("degraded" if ready else "unready")
    return ready, {"status": status, "failing": failing, "parts": parts}
