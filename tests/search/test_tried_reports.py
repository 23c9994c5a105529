"""Published "we tried this" reports are found in site search, on both engines,
and leave it with their page."""

from __future__ import annotations

import pytest
from wagtail.models import PageViewRestriction

from impact.models import Decision
from tests.casestudies.factories import CaseStudyFactory, build_site
from tests.impact.conftest import make_report
from tests.members.factories import approved_member, moderator

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_pages():
    """(home, case-study index, a published case study)."""
    home, index = build_site()
    return home, index, CaseStudyFactory(parent=index, title="Zebraford")


@pytest.fixture
def a_moderator():
    """A moderator."""
    return moderator()


def _found(client) -> str:
    return client.get("/search/?q=zebrafinch").content.decode()


def test_a_published_report_is_found_and_a_pending_one_is_not(
    client, engine, reindex, refresh, site_pages
):
    member = approved_member()
    make_report(site_pages[2], member, adopted="A zebrafinch huddle each week.")
    make_report(
        site_pages[2],
        member,
        area="Waiting area",
        adopted="A zebrafinch rota",
        status=Decision.PENDING,
    )
    reindex()
    refresh()
    html = _found(client)
    assert "Care homes team, Zebraford tried this: Zebraford" in html
    assert "We tried this" in html  # its kind, in the choices and on the hit
    assert "Waiting area" not in html
    only = client.get("/search/?q=zebrafinch&type=tried").content.decode()
    assert "tried this: Zebraford" in only


def test_approval_indexes_and_unpublishing_or_restricting_the_page_removes(
    client,
    engine,
    refresh,
    site_pages,
    a_moderator,
    django_capture_on_commit_callbacks,
):
    from django.urls import reverse

    member = approved_member()
    report = make_report(
        site_pages[2],
        member,
        adopted="A zebrafinch huddle each week.",
        status=Decision.PENDING,
        decided_at=None,
    )
    client.force_login(a_moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("impact_admin:moderate", args=["report", report.pk]),
            {"decision": "approve"},
        )
    client.logout()
    refresh()
    assert "tried this: Zebraford" in _found(client)
    # The page goes private: its reports leave search with it.
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=site_pages[2], restriction_type=PageViewRestriction.LOGIN
        )
    refresh()
    assert "tried this: Zebraford" not in _found(client)
    PageViewRestriction.objects.all().delete()
    refresh()
    assert "tried this: Zebraford" in _found(client)
    # Unpublished: gone again.
    site_pages[2].specific.unpublish()
    refresh()
    assert "tried this: Zebraford" not in _found(client)
