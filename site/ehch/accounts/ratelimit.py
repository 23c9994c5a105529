"""A small cache-based rate limiter that any app can use.

Fixed windows counted in Django's default cache: ``limit`` hits per ``window``
seconds for each key. Use the decorator on a view, or :func:`hit` inside one::

    @rate_limited("signup", limit=5, window=3600)
    def signup(request): ...

Over the limit, the view answers HTTP 429 with a plain-English page and a
``Retry-After`` header. The count lives in the cache, so every process must
share one (Redis, ``CACHE_URL``, in production with several servers).

While the shared cache is down nothing can be counted, and each limit says
what happens then (``fail_closed``): a limit that stops a stranger from making
us email any address (sign-up, password reset) refuses with a 503 page; the
others let the request through, because refusing would switch a working
feature off for everyone for the length of the outage. Either way a WARNING
is logged. The sign-in lock-out is not one of these: it counts in the
database (ehch/accounts/lockout.py) and works throughout.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from functools import wraps

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from ehch.client_address import client_address
from ehch.rediscache import CacheUnavailable

logger = logging.getLogger(__name__)

# How long a refused request is told to wait while the cache is down.
CACHE_DOWN_RETRY_SECONDS = 60

KeyFunction = Callable[[HttpRequest], str]


def client_ip(request: HttpRequest) -> str:
    """The client's real address (``ehch.client_address``), or "unknown".

    Behind the proxies in ``TRUSTED_PROXIES`` this is the address they were
    forwarding for; a forged ``X-Forwarded-For`` from anyone else is ignored.
    """
    return client_address(request) or "unknown"


def user_or_ip(request: HttpRequest) -> str:
    """The signed-in user's id, or the client's address for visitors."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{client_ip(request)}"


def _cache_key(scope: str, key: str, window: int) -> tuple[str, int]:
    now = int(time.time())
    bucket = now // window
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{window}:{bucket}:{digest}", window - now % window


def hit(
    scope: str, key: str, limit: int, window: int, *, fail_closed: bool = False
) -> int | None:
    """Count one hit; return None when allowed, else seconds until the next window.

    Args:
        scope: what is limited, for example ``"signup"`` or ``"forum-post"``.
        key: who is limited, for example a client address or a user id.
        limit: how many hits the window allows.
        window: the window's length in seconds.
        fail_closed: while the shared cache is down, raise
            :class:`~ehch.rediscache.CacheUnavailable` instead of allowing.

    Raises:
        CacheUnavailable: the cache is down and ``fail_closed`` is set.
    """
    cache_key, remaining = _cache_key(scope, key, window)
    try:
        # add() is a no-op when the key exists, so concurrent first hits agree.
        cache.add(cache_key, 0, timeout=remaining + 1)
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add() and incr()
            cache.set(cache_key, 1, timeout=remaining + 1)
            count = 1
        else:
            # Django's file and database caches implement incr() as get + set
            # with the cache's default timeout (300 s), which would forget the
            # count after five quiet minutes; Redis keeps the key's expiry.
            cache.touch(cache_key, timeout=remaining + 1)
    except CacheUnavailable:
        logger.warning(
            "rate limit %r not counted, the shared cache is down: %s",
            scope,
            "refused" if fail_closed else "allowed",
        )
        if fail_closed:
            raise
        return None
    return None if count <= limit else max(remaining, 1)


def too_many_requests(
    request: HttpRequest, retry_after: int, what: str = "requests"
) -> HttpResponse:
    """The 429 page: what happened and when to try again."""
    minutes = max(1, -(-retry_after // 60))
    response = TemplateResponse(
        request,
        "members/rate_limited.html",
        {"what": what, "minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def limit_unavailable(request: HttpRequest, what: str) -> HttpResponse:
    """The 503 page of a limit that refuses while it cannot count."""
    response = TemplateResponse(
        request,
        "members/rate_limit_unavailable.html",
        {"what": what},
        status=503,
    )
    response["Retry-After"] = str(CACHE_DOWN_RETRY_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def rate_limited(
    scope: str,
    *,
    limit: int,
    window: int,
    key: KeyFunction = client_ip,
    methods: Iterable[str] = ("POST",),
    what: str = "requests",
    fail_closed: bool = False,
) -> Callable:
    """Decorate a view so that ``methods`` requests over the limit answer 429.

    Args:
        scope: what is limited; keeps different limits' counts apart.
        limit: how many requests each key may make per window.
        window: the window's length in seconds.
        key: a function of the request naming who is limited (default: address).
        methods: the HTTP methods counted; reading a form is never limited.
        what: how the 429 page names what was refused, e.g. "sign-up attempts".
        fail_closed: refuse (503) rather than allow while the cache is down.
    """
    counted = {method.upper() for method in methods}

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method in counted:
                try:
                    retry_after = hit(
                        scope, key(request), limit, window, fail_closed=fail_closed
                    )
                except CacheUnavailable:
                    return limit_unavailable(request, what)
                if retry_after is not None:
                    return too_many_requests(request, retry_after, what)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
