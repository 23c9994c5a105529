"""A lost database connection answers 503 with a plain message, not a 500.

When PostgreSQL restarts or drops a connection in the middle of a request, the
request's transaction is rolled back by the server, so nothing is half-saved;
the reader is told plainly that nothing was saved and to try again. The next
request reconnects (CONN_HEALTH_CHECKS).
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

logger = logging.getLogger(__name__)


class DatabaseUnavailableMiddleware:
    """Turn a database connection failure into a 503 page."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:  # noqa: D102
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):  # noqa: D102
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error(
            "database unavailable during %s %s: %s",
            request.method,
            request.path,
            exception,
        )
        return unavailable_response()


def unavailable_response() -> HttpResponse:
    """The designed 503 page; it needs no database to render."""
    for connection in connections.all(initialized_only=True):
        connection.close_if_unusable_or_obsolete()
    body = render_to_string("ehch/database_unavailable.html")
    response = HttpResponse(body, status=503)
    response["Retry-After"] = "30"
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the 503 page when the error was a lost database, else a 500.

    The middleware above sees only exceptions raised by views. A signed-in
    request touches the database earlier, in middleware (the session, the
    user, machina's permissions), where an OperationalError becomes Django's
    500 before any view runs; Django calls this handler with that exception
    still being handled, so it is read from ``sys.exc_info()``.
    """
    exception = sys.exc_info()[1]
    if isinstance(exception, OperationalError | InterfaceError):
        logger.error(
            "database unavailable during %s %s: %s",
            request.method,
            request.path,
            exception,
        )
        return unavailable_response()
    return defaults.server_error(request)
