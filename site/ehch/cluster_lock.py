"""Run a scheduled job at most once at a time across every machine of the site.

Every server may have the same crontab, so each periodic command takes a lock
in the one thing all servers share: the database. A run that finds the lock
taken logs "already running elsewhere" and exits successfully, doing nothing.

- **PostgreSQL**: a session-level advisory lock (``pg_try_advisory_lock``) on a
  connection of its own, keyed by a stable 64-bit hash of the job's name. The
  job's own queries, transactions and errors cannot release it early, and if
  the process dies PostgreSQL ends the session and frees the lock at once, so
  there is never a stale lock to clear by hand. (It needs a real session: a
  pooler in transaction mode, such as PgBouncer's, would break it; connect
  the scheduler directly or in session mode.)
- **Any other database** (SQLite under ``make run``): a row in ``JobLease``
  whose name is unique. Taking the lease is an insert the database accepts
  only once; a lease is taken over when its holder's process is gone (same
  machine) or it has expired (``LEASE``), so a crash does not block the job
  for ever. Advisory locks do not exist there, and one row per job works on
  every database Django supports.

The lock stops two runs overlapping; it does not stop a run repeating
yesterday's work. Each job is also idempotent by its own records (see the
README's "Scheduled jobs").
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import socket
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, connections, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

# Longer than any scheduled job should take; only used without PostgreSQL.
LEASE = timedelta(hours=6)


class AlreadyRunning(Exception):
    """Another run of the same job holds the lock."""


def lock_key(name: str) -> int:
    """A stable signed 64-bit advisory-lock key for a job name.

    The same on every machine and Python version (unlike ``hash()``), and
    prefixed so that it cannot collide with another application's keys by
    accident.
    """
    digest = hashlib.blake2b(f"ehch.cluster_lock:{name}".encode(), digest_size=8)
    return int.from_bytes(digest.digest(), "big", signed=True)


def _holder() -> str:
    return f"{socket.gethostname()} pid {os.getpid()}"


def _process_gone(holder: str) -> bool:
    """True when ``holder`` names a process on this machine that has ended."""
    host, _, pid = holder.rpartition(" pid ")
    if host != socket.gethostname() or not pid.isdigit():
        return False  # another machine's: only the lease's expiry can tell
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, run by another user
        return False
    return False


class ClusterLock:
    """The lock for one job name, on the database ``using``.

    Use ``acquire()``/``release()``, or ``with ClusterLock(name):`` which
    raises ``AlreadyRunning`` when another run holds it.
    """

    def __init__(
        self, name: str, using: str = "default", *, advisory: bool | None = None
    ) -> None:
        """Name the job; nothing is locked until ``acquire()``.

        Args:
            name: the job's name, the same on every machine.
            using: the database alias.
            advisory: force PostgreSQL's advisory lock (True) or the lease
                table (False); by default the advisory lock on PostgreSQL.
        """
        self.name = name
        self.using = using
        self.advisory = advisory
        self._connection = None
        self._token: str | None = None
        self.held_by = ""

    def _postgres(self) -> bool:
        if self.advisory is not None:
            return self.advisory
        return connections[self.using].vendor == "postgresql"

    def acquire(self) -> bool:
        """Take the lock without waiting; False when another run holds it."""
        if self._postgres():
            return self._acquire_advisory()
        return self._acquire_lease()

    def release(self) -> None:
        """Give the lock back (safe to call when it was not taken)."""
        if self._connection is not None:
            self._release_advisory()
        elif self._token is not None:
            self._release_lease()

    def __enter__(self) -> ClusterLock:
        """Take the lock or raise ``AlreadyRunning``."""
        if not self.acquire():
            raise AlreadyRunning(already_running_message(self.name, self.held_by))
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Release the lock, also when the job raised."""
        self.release()

    # PostgreSQL -------------------------------------------------------------

    def _acquire_advisory(self) -> bool:
        connection = connections.create_connection(self.using)
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_try_advisory_lock(%s)", [lock_key(self.name)])
                (taken,) = cursor.fetchone()
        except BaseException:
            connection.close()
            raise
        if not taken:
            connection.close()
            return False
        self._connection = connection
        return True

    def _release_advisory(self) -> None:
        connection, self._connection = self._connection, None
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [lock_key(self.name)])
                (released,) = cursor.fetchone()
            if not released:
                logger.warning("The lock for %s was lost during the run.", self.name)
        except Exception:
            # The session is gone, and with it the lock: nothing is left held.
            logger.exception("Could not release the lock for %s", self.name)
        finally:
            connection.close()

    # Other databases ----------------------------------------------------------

    def _acquire_lease(self) -> bool:
        from ehch.models import JobLease

        now = timezone.now()
        leases = JobLease.objects.using(self.using)
        with transaction.atomic(using=self.using):
            current = leases.select_for_update().filter(name=self.name).first()
            if current is not None:
                if current.expires_at > now and not _process_gone(current.holder):
                    self.held_by = current.holder
                    return False
                logger.warning(
                    "Taking over the lock for %s from %s (ended or expired).",
                    self.name,
                    current.holder,
                )
                current.delete()
            token = uuid.uuid4().hex
            try:
                with transaction.atomic(using=self.using):
                    leases.create(
                        name=self.name,
                        token=token,
                        holder=_holder(),
                        expires_at=now + LEASE,
                    )
            except IntegrityError:  # another run inserted it just now
                return False
        self._token = token
        return True

    def _release_lease(self) -> None:
        from ehch.models import JobLease

        token, self._token = self._token, None
        JobLease.objects.using(self.using).filter(name=self.name, token=token).delete()


def already_running_message(name: str, held_by: str = "") -> str:
    """The line logged when a run finds its job already running."""
    where = f" ({held_by})" if held_by else ""
    return f"{name} is already running elsewhere{where}; this run did nothing."


def once_per_cluster(name: str) -> Callable:
    """Decorate a management command's ``handle`` to run under ``name``'s lock.

    A second concurrent run logs "already running elsewhere" and returns
    (exit code 0: overlapping is expected, not a failure). The lock is
    released however the job ends, exceptions included.
    """

    def decorate(handle: Callable) -> Callable:
        @functools.wraps(handle)
        def locked(self, *args: Any, **options: Any) -> Any:
            lock = ClusterLock(name)
            if not lock.acquire():
                logger.info(already_running_message(name, lock.held_by))
                return None
            try:
                return handle(self, *args, **options)
            finally:
                lock.release()

        return locked

    return decorate
