"""A member reports that their area tried something from a page."""

from __future__ import annotations

import logging

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import PageViewRestriction

from impact.models import Decision, TriedOutcome, TriedReport
from tests.cms.factories import GuidanceIndexFactory, GuidancePageFactory
from tests.members.factories import pending_member

from .conftest import VALID

pytestmark = pytest.mark.django_db


def _url(page) -> str:
    return reverse("impact:report", args=[page.pk])


def test_a_visitor_is_sent_to_sign_in(client, site_pages):
    response = client.get(_url(site_pages[2]))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_member_awaiting_approval_is_told_why_not_and_nothing_is_saved(
    client, site_pages
):
    client.force_login(pending_member())
    response = client.post(_url(site_pages[2]), VALID)
    assert response.status_code == 403
    assert "A moderator has not approved your account yet" in response.content.decode()
    assert not TriedReport.objects.exists()


def test_a_member_sends_a_report_a_moderator_is_emailed_and_it_waits(
    client, site_pages, member, a_moderator
):
    client.force_login(member)
    form = client.get(_url(site_pages[2]))
    assert form.status_code == 200
    assert "Tell us your area tried something from “Zebraford”" in form.content.decode()
    response = client.post(_url(site_pages[2]), VALID, follow=True)
    assert response.redirect_chain[-1][0] == reverse("impact:mine")
    page = response.content.decode()
    assert "A moderator will read it before it is published" in page
    assert "Waiting for a moderator" in page
    report = TriedReport.objects.get()
    assert (report.member, report.page_id) == (member, site_pages[2].pk)
    assert report.status == Decision.PENDING
    assert report.started_on.isoformat() == "2025-03-01"
    assert not TriedOutcome.objects.exists()  # the result was left empty
    assert [m.to for m in mail.outbox] == [[a_moderator.email]]
    assert "/admin/we-tried-this/" in mail.outbox[0].body
    # Nobody else sees it yet.
    client.logout()
    assert (
        "zebrafinch check-in"
        not in client.get("/case-studies/zebraford/").content.decode()
    )


def test_with_no_moderator_to_tell_the_member_is_told_and_it_is_logged(
    client, site_pages, member, caplog
):
    client.force_login(member)
    with caplog.at_level(logging.ERROR, logger="impact.tried"):
        response = client.post(_url(site_pages[2]), VALID, follow=True)
    assert "no moderator could be told about it" in response.content.decode()
    assert "nobody was told of we-tried-this report" in caplog.text
    assert TriedReport.objects.count() == 1


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"area": ""}, "Enter your area or organisation."),
        ({"adopted": ""}, "Say what you took from this page and tried."),
        ({"started_month": ""}, "Choose the month you started."),
        ({"started_month": "13"}, "Select a valid choice"),
        ({"started_year": "²⁰²⁵"}, "Enter the year as four figures"),
        ({"started_year": "1066"}, "Enter a year from 2000 to"),
        ({"started_year": "2999"}, "Enter a year from 2000 to"),
        ({"changed": ""}, "Say what has changed so far."),
    ],
)
def test_bad_input_gets_a_clear_message_and_saves_nothing(
    client, site_pages, member, change, message
):
    client.force_login(member)
    response = client.post(_url(site_pages[2]), {**VALID, **change})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and message in page
    assert "Start with two homes." in page  # what was typed is kept
    # The result was left empty: it is skipped, not "required".
    assert "Result, " not in page and "This field is required" not in page
    assert not TriedReport.objects.exists()


def test_a_start_later_this_year_is_refused(client, site_pages, member, monkeypatch):
    import datetime

    from impact import forms

    monkeypatch.setattr(forms.timezone, "localdate", lambda: datetime.date(2026, 6, 15))
    client.force_login(member)
    response = client.post(
        _url(site_pages[2]), {**VALID, "started_month": "7", "started_year": "2026"}
    )
    assert response.status_code == 400
    assert "The start cannot be in the future." in response.content.decode()
    response = client.post(
        _url(site_pages[2]), {**VALID, "started_month": "6", "started_year": "2026"}
    )
    assert response.status_code == 302


def test_a_result_is_checked_like_a_case_study_outcome(client, site_pages, member):
    client.force_login(member)
    half = {
        "result-measure": "Emergency admissions",
        "result-method": "before-after",
        "result-effect_percent": "-18",
    }
    response = client.post(_url(site_pages[2]), {**VALID, **half})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Result, Period: Say what period the effect covers" in page
    assert "Result, Compared with: Say what the change is measured against." in page
    assert not TriedReport.objects.exists() and not TriedOutcome.objects.exists()
    whole = {
        **half,
        "result-period": "April 2025 to March 2026",
        "result-compared_with": "the year before",
    }
    response = client.post(_url(site_pages[2]), {**VALID, **whole})
    assert response.status_code == 302
    outcome = TriedOutcome.objects.get()
    assert outcome.report == TriedReport.objects.get()
    assert str(outcome.effect_percent) == "-18.0"


@pytest.mark.parametrize("number", ["999999", "²", "-1", "99999999999999999999", "x"])
def test_a_missing_or_malformed_page_number_is_a_404(
    client, site_pages, member, number
):
    client.force_login(member)
    assert client.get(f"/we-tried-this/page/{number}/").status_code == 404


def test_only_case_studies_guidance_and_resources_take_reports(
    client, site_pages, member
):
    home, index, _ = site_pages
    client.force_login(member)
    assert client.get(_url(home)).status_code == 404
    assert client.get(_url(index)).status_code == 404
    guidance = GuidancePageFactory(parent=GuidanceIndexFactory(parent=home))
    assert client.get(_url(guidance)).status_code == 200


def test_a_page_the_member_may_not_read_is_missing(client, site_pages, member):
    from django.contrib.auth.models import Group

    case_study = site_pages[2]
    restriction = PageViewRestriction.objects.create(
        page=case_study, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="A closed set"))
    client.force_login(member)
    assert client.get(_url(case_study)).status_code == 404


def test_a_member_may_send_only_so_many_reports_a_day(
    client, site_pages, member, settings
):
    settings.TRIED_REPORT_RATE_LIMIT = 2
    client.force_login(member)
    for _ in range(2):
        assert client.post(_url(site_pages[2]), VALID).status_code == 302
    response = client.post(_url(site_pages[2]), VALID)
    assert response.status_code == 429
    assert "Nothing was sent, and what you typed is still here" in (
        response.content.decode()
    )
    assert int(response["Retry-After"]) > 0
    assert TriedReport.objects.count() == 2
