"""GET /healthz: is the database answering, and which search engine is in use."""

from __future__ import annotations

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from search.engines import search_status

logger = logging.getLogger(__name__)


def database_ok() -> bool:
    """Return True when a trivial query succeeds on the default database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: the database did not answer")
        return False
    return True


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Report the database and search state; 503 when the database is down."""
    db_ok = database_ok()
    body = {"database": "ok" if db_ok else "unavailable", "search": search_status()}
    return JsonResponse(body, status=200 if db_ok else 503)
