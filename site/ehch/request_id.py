"""One id per request: on every log line of it, in its error reports and its answer.

An operator given the ``X-Request-ID`` a reader saw (or the load balancer
logged) finds every line the request wrote with one search. The id the
balancer sends is kept when it is a plain token, so its log and ours agree;
anything else (too long, odd characters, a header injection attempt) is
replaced with a fresh one rather than written into the logs.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

import sentry_sdk
from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
_META_KEY = "HTTP_X_REQUEST_ID"
_SANE = re.compile(r"[A-Za-z0-9._-]{1,64}")

# A context variable, not a thread-local: right under threads and asyncio alike.
_current: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request being answered, or None outside one."""
    return _current.get()


def request_id_for(request: HttpRequest) -> str:
    """The incoming ``X-Request-ID`` if it is a sane token, else a new one."""
    offered = request.META.get(_META_KEY, "")
    if _SANE.fullmatch(offered):
        return offered
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Give each request an id: ``request.request_id``, the logs, the answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:  # noqa: D102
        request_id = request_id_for(request)
        request.request_id = request_id
        # Kept until the request is finished, not just until this returns:
        # Django logs a 4xx/5xx answer ("Not Found: …") after the middleware.
        _current.set(request_id)
        # Error reports carry it too (a no-op unless SENTRY_DSN is set).
        sentry_sdk.get_isolation_scope().set_tag("request_id", request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


def forget_request_id(**_kwargs) -> None:
    """Clear the id when a request is finished (a ``request_finished`` receiver)."""
    _current.set(None)


class RequestIdFilter(logging.Filter):
    """Put the current request's id on every record (``-`` outside a request).

    Attached to the handlers, so lines from every logger get it, including
    Django's own and the libraries'.
    """

    def filter(self, record: logging.LogRecord) -> bool:  # noqa: D102
        record.request_id = _current.get() or "-"
        return True
