"""Which day a daily digest covers, and the record that it went to a member.

The digest covers a fixed day: from one cut-off (``FORUM_DIGEST_CUTOFF_HOUR``,
site time) to the next, so two runs minutes apart, or on two servers, cover the
same day. Before a member's digest is sent a ``SentDigest`` row for (member,
end of that day) is created; the database accepts it only once, so a second
run skips that member. The row is committed before the email goes, so a crash
between the two loses that one digest rather than sending it twice; an email
that raises deletes its row again so that a re-run sends it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import SentDigest

# Records older than this are only history; keep the table small.
KEEP_RECORDS = timedelta(days=30)


def digest_period(now: datetime) -> tuple[datetime, datetime]:
    """The day the digest sent at ``now`` covers: (start, end), end <= now.

    The end is the latest cut-off at or before ``now`` and the start the
    cut-off a calendar day earlier (site time, so 23 or 25 hours across a
    clock change).
    """
    hour = settings.FORUM_DIGEST_CUTOFF_HOUR
    if not 0 <= hour <= 23:
        raise ImproperlyConfigured("FORUM_DIGEST_CUTOFF_HOUR must be 0 to 23.")
    local = timezone.localtime(now)
    day = local.date() if local.hour >= hour else local.date() - timedelta(days=1)
    return _at_hour(day - timedelta(days=1), hour), _at_hour(day, hour)


def _at_hour(day, hour: int) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))


def claim_digest(user: AbstractBaseUser, period_end: datetime) -> bool:
    """Record that ``user``'s digest up to ``period_end`` is going now.

    Returns:
        False when it went (or is going) already: send nothing.
    """
    try:
        with transaction.atomic():
            SentDigest.objects.create(user=user, period_end=period_end)
    except IntegrityError:
        return False
    return True


@contextmanager
def unclaimed_if_unsent(user: AbstractBaseUser, period_end: datetime) -> Iterator[None]:
    """Around the send: an email that raises leaves no record, so a re-run sends it."""
    try:
        yield
    except BaseException:
        SentDigest.objects.filter(user=user, period_end=period_end).delete()
        raise


def forget_old_digests(now: datetime | None = None) -> int:
    """Delete records of digests older than ``KEEP_RECORDS``; return how many."""
    cutoff = (now or timezone.now()) - KEEP_RECORDS
    deleted, _ = SentDigest.objects.filter(period_end__lt=cutoff).delete()
    return deleted
