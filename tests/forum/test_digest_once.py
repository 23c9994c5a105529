"""The daily digest goes once per member per day, however often it is run."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from machina.core.db.models import get_model

from ehch import roles
from forum.digests import digest_period, forget_old_digests
from forum.models import ForumSubscription, SentDigest
from forum.notifications import send_daily_digests

from .conftest import PUBLIC, make_topic, make_user

Topic = get_model("forum_conversation", "Topic")
LONDON = ZoneInfo("Europe/London")

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscribers(forums):
    people = [make_user(name, roles.MEMBERS) for name in ("bob", "carol")]
    for person in people:
        ForumSubscription.objects.create(
            user=person, forum=forums[PUBLIC], daily_digest=True
        )
    return people


def _topic_at(forums, subject: str, created: datetime):
    poster = make_user(f"poster-{subject.split()[0].lower()}", roles.MEMBERS)
    topic = make_topic(forums[PUBLIC], poster, subject=subject)
    Topic.objects.filter(pk=topic.pk).update(created=created)
    return topic


def _digests_to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


def test_the_day_runs_from_one_cut_off_to_the_next_whenever_it_is_sent():
    at_0630 = datetime(2026, 3, 10, 6, 30, tzinfo=LONDON)
    start, end = digest_period(at_0630)
    assert (start, end) == (at_0630 - timedelta(days=1, minutes=30), end)
    assert end == datetime(2026, 3, 10, 6, 0, tzinfo=LONDON)
    assert digest_period(at_0630 + timedelta(minutes=20)) == (start, end)
    # Before the cut-off, the day that ended at yesterday's.
    assert digest_period(at_0630 - timedelta(hours=1))[1] == end - timedelta(days=1)


def test_the_day_the_clocks_change_is_23_hours_long():
    start, end = digest_period(datetime(2026, 3, 29, 7, 0, tzinfo=LONDON))
    # Aware datetimes in one zone subtract as wall-clock times: compare in UTC.
    assert end.astimezone(UTC) - start.astimezone(UTC) == timedelta(hours=23)
    assert timezone.localtime(start).hour == timezone.localtime(end).hour == 6


def test_forum_digest_run_twice_sends_each_subscriber_one_email(forums, subscribers):
    start, end = digest_period(timezone.now())
    _topic_at(forums, "Fresh topic", end - timedelta(hours=2))
    call_command("forum_digest", verbosity=0)
    call_command("forum_digest", verbosity=0)
    for address in ("bob@example.org", "carol@example.org"):
        (digest,) = _digests_to(address)
        assert "Fresh topic" in digest.body
    assert len(mail.outbox) == 2
    recorded = SentDigest.objects.values_list("user__username", "period_end")
    assert sorted(recorded) == [("bob", end), ("carol", end)]


def test_runs_minutes_apart_cover_the_same_day_and_the_next_day_is_sent_fresh(
    forums, subscribers
):
    sent_at = datetime(2026, 3, 10, 6, 30, tzinfo=LONDON)
    _topic_at(forums, "Monday topic", sent_at - timedelta(hours=3))
    assert send_daily_digests(now=sent_at) == 2
    assert send_daily_digests(now=sent_at + timedelta(minutes=10)) == 0
    _topic_at(forums, "Tuesday topic", sent_at + timedelta(hours=3))
    assert send_daily_digests(now=sent_at + timedelta(days=1)) == 2
    tuesday = _digests_to("bob@example.org")[1]
    assert "Tuesday topic" in tuesday.body and "Monday topic" not in tuesday.body
    assert len(mail.outbox) == 4


def test_a_digest_the_mail_server_refused_is_sent_by_the_next_run(
    forums, subscribers, flaky_email
):
    sent_at = datetime(2026, 3, 10, 6, 30, tzinfo=LONDON)
    _topic_at(forums, "Fresh topic", sent_at - timedelta(hours=3))
    flaky_email.failures_left = 1
    with pytest.raises(ConnectionRefusedError):
        send_daily_digests(now=sent_at)
    assert SentDigest.objects.count() == 0  # the refused one left no record
    assert send_daily_digests(now=sent_at + timedelta(minutes=5)) == 2
    assert len(_digests_to("bob@example.org")) == 1
    assert len(_digests_to("carol@example.org")) == 1


def test_records_older_than_a_month_are_forgotten(subscribers):
    now = timezone.now()
    SentDigest.objects.create(user=subscribers[0], period_end=now - timedelta(days=40))
    SentDigest.objects.create(user=subscribers[0], period_end=now - timedelta(days=2))
    assert forget_old_digests(now) == 1
    assert SentDigest.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_at_once_send_each_digest_once(forums, subscribers):
    sent_at = datetime(2026, 3, 10, 6, 30, tzinfo=LONDON)
    _topic_at(forums, "Fresh topic", sent_at - timedelta(hours=3))
    together = threading.Barrier(2)
    counts: list[int] = []

    def worker() -> None:
        try:
            together.wait(10)
            counts.append(send_daily_digests(now=sent_at))
        finally:
            connection.close()  # each thread had its own connection

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sum(counts) == 2 and len(counts) == 2
    assert len(_digests_to("bob@example.org")) == 1
    assert len(_digests_to("carol@example.org")) == 1
