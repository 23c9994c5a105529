"""Saved searches: members save a list, get at most one email a day, can stop them."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from search.alerts import send_due_alerts, unsubscribe_token
from search.models import SavedSearch
from tests.casestudies.factories import CaseStudyFactory, ChallengeFactory, build_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return get_user_model().objects.create_user("saver", "saver@example.org", "x" * 12)


@pytest.fixture
def index():
    return build_site()[1]


def _save(client, scope, querystring):
    return client.post(
        "/search/saved/save/",
        {"scope": scope, "querystring": querystring, "next": "/case-studies/"},
    )


def test_anonymous_visitors_are_asked_to_sign_in(client, index):
    response = _save(client, "case_studies", "challenge=engaging-gps")
    assert response.status_code == 302 and "/accounts/login/" in response.url
    assert (
        "Sign in</a> to get an email" in client.get("/case-studies/").content.decode()
    )


def test_a_member_saves_a_filtered_list_once(client, member, index):
    ChallengeFactory(slug="engaging-gps")
    client.force_login(member)
    response = _save(
        client, "case_studies", "page=2&challenge=engaging-gps&format=json"
    )
    assert response.status_code == 302 and response.url == "/case-studies/"
    _save(client, "case_studies", "challenge=engaging-gps")
    saved = SavedSearch.objects.get()
    assert saved.querystring == "challenge=engaging-gps"
    assert "engaging-gps" in saved.description
    assert "engaging-gps" in client.get("/search/saved/").content.decode()


def test_a_search_with_unknown_filters_is_refused_with_a_message(client, member, index):
    client.force_login(member)
    response = _save(client, "case_studies", "challenge=nothing-like-this")
    assert response.status_code == 302
    assert not SavedSearch.objects.exists()
    page = client.get("/case-studies/")
    assert "filters we no longer offer" in page.content.decode()


def test_new_matches_are_emailed_at_most_once_a_day_with_an_unsubscribe_link(
    client, member, index
):
    gps = ChallengeFactory(slug="engaging-gps", label="Engaging GPs")
    client.force_login(member)
    _save(client, "case_studies", "challenge=engaging-gps")
    saved = SavedSearch.objects.get()
    saved.last_checked_at = timezone.now() - timedelta(days=2)
    saved.save()
    CaseStudyFactory(
        parent=index, title="Brand new GP story", terms={"challenges": [gps]}
    )
    CaseStudyFactory(parent=index, title="Unrelated story")
    assert send_due_alerts() == 1
    (email,) = mail.outbox
    assert email.to == ["saver@example.org"]
    assert "Brand new GP story" in email.body and "Unrelated story" not in email.body
    assert "/search/saved/unsubscribe/" in email.body
    # Checked just now, so nothing more today.
    assert send_due_alerts() == 0
    assert len(mail.outbox) == 1


def test_no_email_when_nothing_new_matches(member, index, client):
    client.force_login(member)
    _save(client, "site", "q=hydration")
    SavedSearch.objects.update(last_checked_at=timezone.now() - timedelta(days=2))
    call_command("send_search_alerts", verbosity=0)
    assert mail.outbox == []


def test_the_unsubscribe_link_works_without_signing_in(client, member, index):
    saved = SavedSearch.objects.create(
        user=member,
        scope="site",
        querystring="q=falls",
        description="x",
        last_checked_at=timezone.now() - timedelta(days=2),
    )
    url = f"/search/saved/unsubscribe/{unsubscribe_token(saved)}/"
    assert "Stop these emails" in client.get(url).content.decode()
    saved.refresh_from_db()
    assert saved.active  # opening the link (as a mail scanner would) changes nothing
    response = client.post(url)
    assert "Emails stopped" in response.content.decode()
    saved.refresh_from_db()
    assert not saved.active
    assert client.get("/search/saved/unsubscribe/forged-token/").status_code == 404


def test_a_member_removes_a_saved_search_and_cannot_remove_others(
    client, member, index
):
    other = get_user_model().objects.create_user("other", "o@example.org", "x" * 12)
    mine = SavedSearch.objects.create(
        user=member,
        scope="site",
        querystring="q=a",
        description="a",
        last_checked_at=timezone.now(),
    )
    theirs = SavedSearch.objects.create(
        user=other,
        scope="site",
        querystring="q=b",
        description="b",
        last_checked_at=timezone.now(),
    )
    client.force_login(member)
    assert client.post(f"/search/saved/{theirs.pk}/delete/").status_code == 404
    assert client.post(f"/search/saved/{mine.pk}/delete/").status_code == 302
    assert list(SavedSearch.objects.values_list("pk", flat=True)) == [theirs.pk]


@override_settings(SITE_URL="https://network.example.org")
def test_a_mail_programs_one_click_post_stops_the_alert(member, index):
    """RFC 8058: the headers, then a POST with no cookie and no CSRF token."""
    gps = ChallengeFactory(slug="engaging-gps", label="Engaging GPs")
    saved = SavedSearch.objects.create(
        user=member,
        scope="case_studies",
        querystring="challenge=engaging-gps",
        description="GP stories",
        last_checked_at=timezone.now() - timedelta(days=2),
    )
    CaseStudyFactory(parent=index, title="New GP story", terms={"challenges": [gps]})
    assert send_due_alerts() == 1
    (email,) = mail.outbox
    address = email.extra_headers["List-Unsubscribe"].strip("<>")
    assert address.startswith("https://network.example.org/search/saved/unsubscribe/")
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "https://network.example.org/" in email.body
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(
        urlsplit(address).path, {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    saved.refresh_from_db()
    assert not saved.active
