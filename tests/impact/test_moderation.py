"""Moderators publish or turn down reports; published ones show under the page."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from impact.models import Decision, TriedFollowUp, TriedOutcome
from tests.members.factories import editor

from .conftest import make_report

pytestmark = pytest.mark.django_db


def _decide(client, report, decision, note="", kind="report"):
    return client.post(
        reverse("impact_admin:moderate", args=[kind, report.pk]),
        {"decision": decision, "note": note},
        follow=True,
    )


def test_a_published_report_shows_under_its_page_with_its_result(
    client, site_pages, member, a_moderator, django_capture_on_commit_callbacks
):
    case_study = site_pages[2]
    report = make_report(case_study, member, status=Decision.PENDING, decided_at=None)
    TriedOutcome.objects.create(
        report=report,
        measure="Emergency admissions",
        method="before-after",
        unit="admissions",
        baseline_value=40,
        baseline_period="2024",
        latest_value=31,
        latest_period="2025",
    )
    client.force_login(a_moderator)
    queue = client.get(reverse("impact_admin:queue")).content.decode()
    assert "Reports waiting (1)" in queue and "Care homes team, Zebraford" in queue
    with django_capture_on_commit_callbacks(execute=True):
        response = _decide(client, report, "approve")
    assert "Published. The member has been emailed." in response.content.decode()
    assert mail.outbox[-1].to == [member.email]
    assert "is published" in mail.outbox[-1].subject
    client.logout()
    page = client.get(case_study.url).content.decode()
    assert "Tried in 1 area." in page
    assert f'id="tried-{report.pk}"' in page
    assert "A weekly zebrafinch check-in." in page
    assert "From 40 admissions (2024) to 31 admissions (2025)." in page
    assert member.member_profile.display_name in page


def test_a_report_turned_down_needs_a_reason_which_the_member_reads(
    client, site_pages, member, a_moderator
):
    report = make_report(
        site_pages[2], member, status=Decision.PENDING, decided_at=None
    )
    client.force_login(a_moderator)
    response = _decide(client, report, "reject")
    assert "Say why it is not published" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Decision.PENDING and not mail.outbox
    response = _decide(client, report, "reject", note="It names a resident.")
    assert "Not published. The member has been emailed." in response.content.decode()
    assert "It names a resident." in mail.outbox[-1].body
    client.force_login(member)
    mine = client.get(reverse("impact:mine")).content.decode()
    assert "Not published" in mine and "It names a resident." in mine
    client.logout()
    assert "zebrafinch" not in client.get(site_pages[2].url).content.decode()


def test_a_decision_is_made_once(client, site_pages, member, a_moderator):
    report = make_report(site_pages[2], member)  # already published
    client.force_login(a_moderator)
    response = _decide(client, report, "reject", note="Too late")
    assert "This was already decided (published)." in response.content.decode()
    report.refresh_from_db()
    assert report.status == Decision.APPROVED and not mail.outbox


def test_editors_moderate_too_and_members_cannot(client, site_pages, member):
    report = make_report(
        site_pages[2], member, status=Decision.PENDING, decided_at=None
    )
    client.force_login(editor())
    assert client.get(reverse("impact_admin:queue")).status_code == 200
    client.force_login(member)
    response = _decide(client, report, "approve")
    assert response.redirect_chain[0][0].startswith("/admin/login/")
    report.refresh_from_db()
    assert report.status == Decision.PENDING


def test_the_page_counts_areas_not_reports(client, site_pages, member, a_moderator):
    case_study = site_pages[2]
    make_report(case_study, member, area="North Zebraford")
    make_report(case_study, a_moderator, area="north zebraford ")
    make_report(case_study, a_moderator, area="South Zebraford")
    make_report(case_study, a_moderator, area="Pending", status=Decision.PENDING)
    page = client.get(case_study.url).content.decode()
    assert "Tried in 2 areas." in page
    assert "Pending" not in page


def test_a_published_update_shows_under_its_report(
    client, site_pages, member, a_moderator, django_capture_on_commit_callbacks
):
    report = make_report(site_pages[2], member)
    update = TriedFollowUp.objects.create(
        report=report, still_doing="changed", since="We now do it monthly."
    )
    assert "We now do it monthly." not in client.get(site_pages[2].url).content.decode()
    client.force_login(a_moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = _decide(client, update, "approve", kind="follow-up")
    assert "Published." in response.content.decode()
    client.logout()
    page = client.get(site_pages[2].url).content.decode()
    assert "Yes, but we have changed it." in page and "We now do it monthly." in page


def test_the_profile_lists_published_reports_on_public_pages_only(
    client, site_pages, member, a_moderator
):
    from wagtail.models import PageViewRestriction

    from tests.casestudies.factories import CaseStudyFactory

    private = CaseStudyFactory(parent=site_pages[1], title="Private zebra")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    make_report(site_pages[2], member)
    make_report(private, member)
    make_report(site_pages[2], member, area="Still waiting", status=Decision.PENDING)
    client.force_login(a_moderator)
    page = client.get(reverse("members:profile", args=[member.pk])).content.decode()
    assert "What they tried" in page and "Zebraford" in page
    assert "Private zebra" not in page and "Still waiting" not in page
