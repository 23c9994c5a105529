"""Which case studies are due for an editor to check them again.

A case study is due when its last review (or, if it was never reviewed, its
first publication) is older than ``CASE_STUDY_REVIEW_DAYS`` (365 unless set).
Editors record a review by setting "Last reviewed" on the page; readers see
the date in the fact box.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import DateField, F, QuerySet
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from casestudies.models import CaseStudyPage


def review_days() -> int:
    """How many days a review stays current."""
    return int(getattr(settings, "CASE_STUDY_REVIEW_DAYS", 365))


def due_for_review(today: datetime.date | None = None) -> QuerySet[CaseStudyPage]:
    """Live case studies last reviewed (or first published) too long ago, oldest first.

    Each carries ``checked_on``: the date the review period runs from.
    """
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=review_days())
    return (
        CaseStudyPage.objects.live()
        .annotate(
            checked_on=Coalesce(
                F("last_reviewed"),
                Cast("first_published_at", DateField()),
            )
        )
        .filter(checked_on__lte=cutoff)
        .order_by("checked_on", "title")
    )
