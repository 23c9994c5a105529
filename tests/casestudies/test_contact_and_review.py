"""A named contact needs consent; editors see which case studies are due for review."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casestudies.review import due_for_review
from ehch import roles
from ehch.accounts.privacy import delete_member_account
from tests.casestudies.factories import CaseStudyFactory
from tests.casestudies.sharing_helpers import make_user, shared_site
from tests.casestudies.test_admin import _add_url, _case_study_form

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 6)


def _published_on(page, day: datetime.date) -> None:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    type(page).objects.filter(pk=page.pk).update(first_published_at=moment)


@pytest.fixture
def pages():
    _, index = shared_site()
    never = CaseStudyFactory(parent=index, title="Never reviewed, old")
    _published_on(never, TODAY - datetime.timedelta(days=500))
    stale = CaseStudyFactory(
        parent=index,
        title="Reviewed long ago",
        last_reviewed=TODAY - datetime.timedelta(days=400),
    )
    fresh = CaseStudyFactory(
        parent=index,
        title="Reviewed lately",
        last_reviewed=TODAY - datetime.timedelta(days=30),
    )
    new = CaseStudyFactory(parent=index, title="Published lately")
    _published_on(new, TODAY - datetime.timedelta(days=10))
    draft = CaseStudyFactory(parent=index, title="Old draft", publish=False)
    draft.live = False
    draft.save()
    return {"never": never, "stale": stale, "fresh": fresh, "new": new}


def test_due_for_review_lists_the_longest_unreviewed_first(pages, settings):
    assert [p.title for p in due_for_review(TODAY)] == [
        "Never reviewed, old",
        "Reviewed long ago",
    ]
    settings.CASE_STUDY_REVIEW_DAYS = 20
    assert "Reviewed lately" in [p.title for p in due_for_review(TODAY)]


def test_editors_get_the_report_and_its_spreadsheet(client, pages):
    url = reverse("casestudies_due_for_review")
    client.force_login(make_user("member"))
    assert client.get(url).status_code in (302, 403)
    client.force_login(make_user("editor", roles.EDITORS))
    html = client.get(url).content.decode()
    assert "Case studies to review" in html
    assert "Reviewed long ago" in html
    assert "Published lately" not in html and "Old draft" not in html
    assert (
        "Case studies to review"
        in client.get(reverse("wagtailadmin_home")).content.decode()
    )
    export = client.get(url + "?export=csv")
    assert export.status_code == 200
    body = b"".join(export.streaming_content) if export.streaming else export.content
    assert "Reviewed long ago" in body.decode()


def test_readers_see_when_it_was_last_reviewed(client, pages):
    html = client.get(pages["stale"].url).content.decode()
    day = TODAY - datetime.timedelta(days=400)
    assert f"{day:%-d %B %Y}, by the network" in html
    assert "Not yet reviewed" in client.get(pages["new"].url).content.decode()


def test_a_named_contact_without_their_agreement_is_refused(admin_client):
    _, index = shared_site()
    response = admin_client.post(
        _add_url(index),
        _case_study_form(provenance="illustrative", contact_name="Sam Patel"),
    )
    assert response.status_code == 200
    assert "Tick this only if the person agreed" in response.content.decode()
    response = admin_client.post(
        _add_url(index),
        _case_study_form(provenance="illustrative", contact_email="a@example.org"),
    )
    assert "Give the contact" in response.content.decode()


def test_a_contact_is_shown_only_with_consent(client, pages):
    page = pages["fresh"]
    page.contact_name = "Sam Patel"
    page.save_revision().publish()
    assert "Sam Patel" not in client.get(page.url).content.decode()
    page.contact_consent = True
    page.save_revision().publish()
    assert "Sam Patel" in client.get(page.url).content.decode()


def test_size_and_cost_per_home_show_on_the_page_and_in_compare(client, pages):
    page = pages["fresh"]
    page.homes, page.nursing_homes, page.residents = 40, 10, 1200
    page.resourcing_amount, page.resourcing_amount_note = 200000, "a year, from 2019"
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "40 care homes (10 with nursing), 1,200 residents" in html
    assert "£200,000 (a year, from 2019): about £5,000 per care home" in html
    other = pages["stale"]
    compare = client.get(
        f"/case-studies/compare/?ids={page.pk}&ids={other.pk}"
    ).content.decode()
    assert "about £5,000 (a year, from 2019)" in compare
    assert "Cost per care home" in compare and "40 care homes" in compare


def test_the_admin_checks_size_and_amount(admin_client):
    _, index = shared_site()
    response = admin_client.post(
        _add_url(index),
        _case_study_form(
            provenance="illustrative",
            homes="5",
            nursing_homes="9",
            resourcing_amount="1000",
        ),
    )
    html = response.content.decode()
    assert "This cannot be more than the care homes." in html
    assert "Say what the amount covers" in html


def test_a_deleted_member_is_taken_off_the_case_studies_naming_them(
    client, pages, django_capture_on_commit_callbacks
):
    person = make_user("sam")
    page = pages["fresh"]
    page.contact_name, page.contact_email = "Sam Patel", "SAM@example.org"
    page.contact_consent = True
    page.save_revision().publish()
    assert "Sam Patel" in client.get(page.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        delete_member_account(person)
    page.refresh_from_db()
    assert (page.contact_name, page.contact_email, page.contact_consent) == (
        "",
        "",
        False,
    )
    assert page.get_latest_revision_as_object().contact_email == ""
    assert "Sam Patel" not in client.get(page.url).content.decode()
