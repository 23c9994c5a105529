"""Six months on, the author is asked once what has happened since."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from impact import tried
from impact.models import Decision, TriedFollowUp, TriedReport

from .conftest import make_report

pytestmark = pytest.mark.django_db


def _published_days_ago(page, member, days: int, **fields) -> TriedReport:
    return make_report(
        page, member, decided_at=timezone.now() - timedelta(days=days), **fields
    )


def test_the_follow_up_goes_once_to_authors_of_reports_published_long_enough_ago(
    site_pages, member, a_moderator, settings
):
    settings.TRIED_FOLLOW_UP_DAYS = 182
    due = _published_days_ago(site_pages[2], member, 183)
    _published_days_ago(site_pages[2], a_moderator, 100)  # too soon
    _published_days_ago(site_pages[2], a_moderator, 300, status=Decision.PENDING)
    answered = _published_days_ago(site_pages[2], a_moderator, 300)
    TriedFollowUp.objects.create(report=answered, still_doing="yes", since="Fine.")
    call_command("send_tried_follow_ups", verbosity=0)
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert mail.outbox[0].subject == "What has happened since you tried it?"
    assert reverse("impact:follow_up", args=[due.pk]) in mail.outbox[0].body
    due.refresh_from_db()
    assert due.follow_up_sent_at is not None
    call_command("send_tried_follow_ups", verbosity=0)
    assert len(mail.outbox) == 1  # never twice


def test_a_follow_up_that_fails_to_send_is_tried_again_and_said_loudly(
    site_pages, member, settings, monkeypatch, caplog
):
    due = _published_days_ago(site_pages[2], member, 200)

    def broken(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr(tried, "send_email", broken)
    with pytest.raises(CommandError, match="1 follow-up email"):
        call_command("send_tried_follow_ups", verbosity=0)
    assert "Could not send the follow-up" in caplog.text
    due.refresh_from_db()
    assert due.follow_up_sent_at is None
    monkeypatch.undo()
    call_command("send_tried_follow_ups", verbosity=0)
    assert len(mail.outbox) == 1


def test_the_author_answers_and_it_waits_for_a_moderator(
    client, site_pages, member, a_moderator
):
    report = _published_days_ago(site_pages[2], member, 200)
    url = reverse("impact:follow_up", args=[report.pk])
    client.force_login(member)
    assert client.get(url).status_code == 200
    response = client.post(url, {"still_doing": "", "since": ""})
    assert response.status_code == 400
    assert "Say whether you still do it." in response.content.decode()
    assert "---------" not in response.content.decode()
    response = client.post(
        url, {"still_doing": "stopped", "since": "Staff moved on."}, follow=True
    )
    assert "A moderator will read your update" in response.content.decode()
    update = TriedFollowUp.objects.get()
    assert (update.report, update.status) == (report, Decision.PENDING)
    assert [m.to for m in mail.outbox] == [[a_moderator.email]]
    # Only once: a second visit goes back to the list.
    assert client.get(url).status_code == 302
    # Nobody else may answer for them, and a report not yet published has none.
    client.force_login(a_moderator)
    assert client.get(url).status_code == 404
    waiting = make_report(site_pages[2], a_moderator, status=Decision.PENDING)
    response = client.get(reverse("impact:follow_up", args=[waiting.pk]))
    assert response.status_code == 302
