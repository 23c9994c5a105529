"""Saved-search alerts go once, however often (or however many times at once) run."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from search.alerts import claim_saved_search, send_due_alerts
from search.models import SavedSearch
from tests.casestudies.factories import CaseStudyFactory, ChallengeFactory, build_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def saved():
    """A saved search checked two days ago, with one new match since."""
    index = build_site()[1]
    gps = ChallengeFactory(slug="engaging-gps", label="Engaging GPs")
    member = get_user_model().objects.create_user(
        "saver", "saver@example.org", "x" * 12
    )
    search = SavedSearch.objects.create(
        user=member,
        scope=SavedSearch.Scope.CASE_STUDIES,
        querystring="challenge=engaging-gps",
        description="Case studies – challenge: engaging-gps",
        last_checked_at=timezone.now() - timedelta(days=2),
    )
    CaseStudyFactory(parent=index, title="New GP story", terms={"challenges": [gps]})
    return search


def test_send_search_alerts_run_twice_sends_one_email(saved):
    call_command("send_search_alerts", verbosity=0)
    call_command("send_search_alerts", verbosity=0)
    (email,) = mail.outbox
    assert email.to == ["saver@example.org"] and "New GP story" in email.body


def test_a_run_that_read_the_search_before_another_sent_it_sends_nothing(saved):
    as_the_other_run_saw_it = SavedSearch.objects.get(pk=saved.pk)
    assert send_due_alerts() == 1
    # The other run found the same matches; its claim fails, so it sends nothing.
    assert not claim_saved_search(as_the_other_run_saw_it, timezone.now())
    assert len(mail.outbox) == 1


def test_an_alert_the_mail_server_refused_is_sent_by_the_next_run(saved, flaky_email):
    checked = saved.last_checked_at
    flaky_email.failures_left = 1
    with pytest.raises(ConnectionRefusedError):
        send_due_alerts()
    saved.refresh_from_db()
    assert saved.last_checked_at == checked  # the claim was given back
    assert send_due_alerts() == 1
    assert len(mail.outbox) == 1
    saved.refresh_from_db()
    assert saved.last_checked_at > checked
