"""Retention: contact details, and the original words of edited views, expire.

- Follow-up contact details are deleted ``VOICES_CONTACT_RETENTION_DAYS``
  after the view was shared.
- When a moderator edits names and places out of a view, ``original_text``
  keeps exactly what was shared, for the moderators' audit trail. That copy
  is the identifiable one, so ``VOICES_ORIGINAL_RETENTION_DAYS`` after the
  view's last decision it is replaced by the edited text: the original words
  are gone, and the record keeps what was published.

``manage.py purge_voice_contacts`` (daily, scripts/cron/ehch.crontab) runs both.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Status, Submission, SubmissionContact


def _checked(days: int) -> int:
    if days < 0:
        raise ValueError("The retention period cannot be negative.")
    return days


@transaction.atomic
def purge_expired_contacts(days: int | None = None) -> tuple[int, int]:
    """Delete contact details older than ``days`` (default: the setting).

    Safeguarding concerns are no exception: the safeguarding contacts are
    emailed at once and keep what they need in their own case records.

    Returns:
        The retention period used and how many contact records were deleted.
    """
    if days is None:
        days = settings.VOICES_CONTACT_RETENTION_DAYS
    cutoff = timezone.now() - timedelta(days=_checked(days))
    expired = SubmissionContact.objects.filter(created_at__lt=cutoff)
    deleted, _ = expired.delete()
    return days, deleted


def expired_originals(days: int) -> list[int]:
    """Ids of edited views whose original words are past the retention period.

    Only views a moderator has decided on (a view waiting for moderation may
    still be edited from its original), counted from the last decision, or
    from when it was shared when no decision was recorded.
    """
    cutoff = timezone.now() - timedelta(days=_checked(days))
    return list(
        Submission.objects.exclude(status=Status.RECEIVED)
        .exclude(original_text=F("text"))
        .annotate(decided=Coalesce(Max("decisions__created_at"), F("created_at")))
        .filter(decided__lt=cutoff)
        .values_list("pk", flat=True)
    )


@transaction.atomic
def purge_redacted_originals(days: int | None = None) -> tuple[int, int]:
    """Replace the original words of edited views decided over ``days`` ago.

    Safeguarding concerns are no exception, as for contact details.

    Returns:
        The retention period used and how many views lost their original words.
    """
    if days is None:
        days = settings.VOICES_ORIGINAL_RETENTION_DAYS
    ids = expired_originals(days)
    purged = Submission.objects.filter(pk__in=ids).update(original_text=F("text"))
    return days, purged
