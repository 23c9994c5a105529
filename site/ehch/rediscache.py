"""Django's Redis cache, made so that a Redis outage never takes a page down.

``CACHE_URL=redis://…`` selects :class:`ResilientRedisCache`. While Redis does
not answer, a read is a miss (the page is rendered afresh, the session read
from the database), a write is dropped, and ``incr`` raises
:class:`CacheUnavailable` so each rate limit can decide for itself whether to
fail open or closed (ehch/accounts/ratelimit.py). The first failure is logged
as an ERROR, then once a minute while it lasts, and the recovery as a WARNING.

After a failure the process stops trying Redis for a few seconds, so a server
that stopped answering (a timeout rather than a refused connection) costs one
timeout every few seconds rather than one per cache call.

A write or delete that did not reach Redis can leave an old value behind if
Redis kept its data (a network cut rather than a restart): a session deleted
at sign-out, say, would come back. The keys of such failed writes are
remembered and deleted as soon as Redis answers again; past
``FORGET_LIMIT`` keys the whole cache database is emptied instead.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import OutOfMemoryError, ReadOnlyError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Redis away, too slow, out of memory, or a replica after a fail-over: an
# outage. Any other Redis error is a bug and is raised as usual.
OUTAGE_ERRORS = (
    RedisConnectionError,
    RedisTimeoutError,
    OutOfMemoryError,
    ReadOnlyError,
)
FORGET_LIMIT = 10_000


class CacheUnavailable(Exception):  # noqa: N818 - reads as a state, like Http404
    """The shared cache did not answer, so there is no count to give."""


@dataclass
class _Outage:
    """One process's view of one Redis server (shared by all its threads)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    down_since: float | None = None
    skip_until: float = 0.0
    last_logged: float = 0.0
    failures: int = 0
    last_error: str = ""
    # (key, version) pairs whose write or delete did not reach Redis.
    stale: set[tuple[str, int | None]] = field(default_factory=set)
    forget_everything: bool = False
    forgotten: str = "0"  # how many stale keys the recovery deleted, for the log


_OUTAGES: dict[str, _Outage] = {}
_OUTAGES_LOCK = threading.Lock()


def _outage_for(location: str) -> _Outage:
    with _OUTAGES_LOCK:
        return _OUTAGES.setdefault(location, _Outage())


class ResilientRedisCache(RedisCache):
    """``RedisCache`` that answers as an empty cache while Redis is away.

    Extra ``OPTIONS`` (taken out before the rest reach redis-py):
    ``RETRY_SECONDS`` (default 5), how long to skip Redis after a failure, and
    ``LOG_SECONDS`` (default 60), how often a continuing outage is logged.
    """

    def __init__(self, server: str, params: dict[str, Any]) -> None:  # noqa: D107
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.retry_seconds = float(options.pop("RETRY_SECONDS", 5))
        self.log_seconds = float(options.pop("LOG_SECONDS", 60))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._outage = _outage_for(
            server if isinstance(server, str) else ",".join(server)
        )

    # --- the state of the outage --------------------------------------------

    @property
    def available(self) -> bool:
        """False while this process is skipping Redis after a failure."""
        return self._outage.down_since is None

    @property
    def last_error(self) -> str:
        """The last outage error seen by this process, or an empty string."""
        return self._outage.last_error

    def round_trip(self) -> None:
        """Write and read back one key, bypassing the skip; raise on any failure.

        For readiness checks: it tells whether Redis answers now, not whether
        this process has stopped trying it.
        """
        key = f"readyz:{time.time_ns()}"
        try:
            self._forget_stale()
            super().set(key, "ok", 10)
            value = super().get(key)
            super().delete(key)
        except OUTAGE_ERRORS as exc:
            self._failed(exc)
            raise
        if value != "ok":
            raise CacheUnavailable(f"wrote {key!r} and read back {value!r}")
        self._recovered()

    def _failed(self, exc: Exception) -> None:
        now = time.monotonic()
        outage = self._outage
        with outage.lock:
            first = outage.down_since is None
            if first:
                outage.down_since = now
            outage.failures += 1
            outage.skip_until = now + self.retry_seconds
            outage.last_error = f"{type(exc).__name__}: {exc}"
            due = first or now - outage.last_logged >= self.log_seconds
            if due:
                outage.last_logged = now
                failures, outage.failures = outage.failures, 0
        if due:
            logger.error(
                "the shared cache (Redis) is not answering (%s); pages are served "
                "uncached and sessions read from the database until it is back "
                "(%d failed calls since the last message)",
                outage.last_error,
                failures,
            )

    def _remember(self, keys: Iterable[str], version: int | None) -> None:
        outage = self._outage
        with outage.lock:
            if outage.forget_everything:
                return
            outage.stale.update((key, version) for key in keys)
            if len(outage.stale) > FORGET_LIMIT:
                outage.stale.clear()
                outage.forget_everything = True

    def _forget_stale(self) -> None:
        """Delete what failed writes may have left stale; raise if Redis is away."""
        outage = self._outage
        with outage.lock:
            stale, outage.stale = outage.stale, set()
            everything, outage.forget_everything = outage.forget_everything, False
        if not stale and not everything:
            return
        try:
            if everything:
                super().clear()
            for version in {version for _key, version in stale}:
                keys = [key for key, v in stale if v == version]
                super().delete_many(keys, version=version)
        except OUTAGE_ERRORS:
            with outage.lock:
                outage.stale |= stale
                outage.forget_everything |= everything
            raise
        outage.forgotten = "all" if everything else str(len(stale))

    def _recovered(self) -> None:
        """Redis answered a call: log that it is back, once."""
        outage = self._outage
        with outage.lock:
            down_since, outage.down_since = outage.down_since, None
            forgotten, outage.forgotten = outage.forgotten, "0"
            outage.last_error = ""
        if down_since is not None:
            logger.warning(
                "the shared cache (Redis) is answering again after %.0f s; "
                "%s stale keys deleted",
                time.monotonic() - down_since,
                forgotten,
            )

    def _call(
        self,
        operation: Callable[[], Any],
        default: Any,
        writes: Iterable[str] = (),
        version: int | None = None,
    ) -> Any:
        outage = self._outage
        writes = list(writes)
        if outage.down_since is not None and time.monotonic() < outage.skip_until:
            if writes:
                self._remember(writes, version)
            if default is CacheUnavailable:
                raise CacheUnavailable(outage.last_error)
            return default
        try:
            self._forget_stale()
            result = operation()
        except OUTAGE_ERRORS as exc:
            self._failed(exc)
            if writes:
                self._remember(writes, version)
            if default is CacheUnavailable:
                raise CacheUnavailable(outage.last_error) from exc
            return default
        if outage.down_since is not None:
            self._recovered()
        return result

    # --- Django's cache API ---------------------------------------------------

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):  # noqa: D102
        return self._call(
            lambda: super(ResilientRedisCache, self).add(key, value, timeout, version),
            False,
            [key],
            version,
        )

    def get(self, key, default=None, version=None):  # noqa: D102
        return self._call(
            lambda: super(ResilientRedisCache, self).get(key, default, version),
            default,
        )

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):  # noqa: D102
        return self._call(
            lambda: super(ResilientRedisCache, self).set(key, value, timeout, version),
            None,
            [key],
            version,
        )

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):  # noqa: D102
        return self._call(
            lambda: super(ResilientRedisCache, self).touch(key, timeout, version),
            False,
        )

    def delete(self, key, version=None):  # noqa: D102
        return self._call(
            lambda: super(ResilientRedisCache, self).delete(key, version),
            False,
            [key],
            version,
        )

    def get_many(self, keys, version=None):  # noqa: D102
        return self._call(
            lambda: super(ResilientRedisCache, self).get_many(keys, version), {}
        )

    def has_key(self, key, version=None):  # noqa: D102
        return self._call(
            lambda: super(ResilientRedisCache, self).has_key(key, version), False
        )

    def incr(self, key, delta=1, version=None):  # noqa: D102
        return self._call(
            lambda: super(ResilientRedisCache, self).incr(key, delta, version),
            CacheUnavailable,
            [key],
            version,
        )

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):  # noqa: D102
        keys = list(data)
        return self._call(
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version),
            keys,  # Django's contract: the keys that were not stored
            keys,
            version,
        )

    def delete_many(self, keys, version=None):  # noqa: D102
        keys = list(keys)
        return self._call(
            lambda: super(ResilientRedisCache, self).delete_many(keys, version),
            None,
            keys,
            version,
        )

    def clear(self):  # noqa: D102
        try:
            return super().clear()
        except OUTAGE_ERRORS as exc:
            self._failed(exc)
            # Everything is stale now: empty it all once Redis answers.
            with self._outage.lock:
                self._outage.stale.clear()
                self._outage.forget_everything = True
            return False
