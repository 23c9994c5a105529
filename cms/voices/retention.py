"""Retention: contact details are deleted once they are old enough."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import SubmissionContact


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
    if days < 0:
        raise ValueError("The retention period cannot be negative.")
    cutoff = timezone.now() - timedelta(days=days)
    expired = SubmissionContact.objects.filter(created_at__lt=cutoff)
    deleted, _ = expired.delete()
    return days, deleted
