"""Health endpoints for a load balancer or an orchestrator.

``GET /healthz`` is liveness: the process answers, nothing else is asked, so a
database outage never makes a supervisor restart every server. ``GET /readyz``
is readiness: 200 while every required part answers (ehch/readiness.py), 503
naming the parts that do not. Both are exempt from the page cache, from the
redirect to https and from sign-in, and neither is ever cached.
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ehch.readiness import readiness


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: 200 whenever this process can answer a request."""
    return JsonResponse({"status": "alive"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 or 503, with each part's state in the body."""
    ready, body = readiness()
    response = JsonResponse(body, status=200 if ready else 503)
    if not ready:
        response["Retry-After"] = "10"
    return response
