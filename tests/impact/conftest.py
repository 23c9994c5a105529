"""Fixtures for "we tried this": a site with a case study, people and a helper."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from impact.models import Decision, TriedReport
from tests.casestudies.factories import CaseStudyFactory, build_site
from tests.members.factories import approved_member, moderator

VALID = {
    "area": "Care homes team, Zebraford",
    "adopted": "A weekly zebrafinch check-in with the GP practice for each home.",
    "started_month": "3",
    "started_year": "2025",
    "changed": "Fewer out-of-hours calls from the two homes.",
    "advice": "Start with two homes.",
}


@pytest.fixture
def site_pages(db):
    """(home, case-study index, a published case study)."""
    home, index = build_site()
    case_study = CaseStudyFactory(parent=index, title="Zebraford", slug="zebraford")
    return home, index, case_study


@pytest.fixture
def member(db):
    """An approved member with an email address."""
    return approved_member()


@pytest.fixture
def a_moderator(db):
    """A moderator with an email address."""
    return moderator()


def make_report(page, member, **fields) -> TriedReport:
    """A report saved directly, published unless ``status`` says otherwise."""
    defaults = {
        "area": "Care homes team, Zebraford",
        "adopted": "A weekly zebrafinch check-in.",
        "started_on": datetime.date(2025, 3, 1),
        "changed": "Fewer calls.",
        "status": Decision.APPROVED,
        "decided_at": timezone.now(),
    }
    return TriedReport.objects.create(
        page=page, member=member, **{**defaults, **fields}
    )
