"""The community health figures match a hand count over known records."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse
from machina.core.db.models import get_model

from cms.voices.models import Decision as ViewDecision
from cms.voices.models import ModerationDecision, StatementResponse, Submission
from ehch.accounts.models import MemberProfile, Status
from forum.models import ModerationLogEntry, TopicAnswer
from forum.structure import ensure_forum_tree
from impact.health import community_health, figures
from impact.models import Decision, TriedFollowUp, TriedReport, ValueStory
from tests.forum.conftest import PUBLIC, make_reply, make_topic
from tests.members.factories import MemberProfileFactory, approved_member, editor
from tests.voices.factories import SubmissionFactory

from .conftest import make_report

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")

pytestmark = pytest.mark.django_db

JAN, FEB, MAR = date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)


def at(month: int, day: int, hour: int = 0) -> datetime:
    # January to March: London keeps GMT, so these are the site's local times.
    return datetime(2026, month, day, hour, tzinfo=UTC)


def _set(model, pk, **fields) -> None:
    model.objects.filter(pk=pk).update(**fields)


def _profile(created, decided=None, status=Status.APPROVED) -> MemberProfile:
    profile = MemberProfileFactory(status=status, decided_at=decided)
    _set(MemberProfile, profile.pk, created_at=created)
    return profile


@pytest.fixture
def known_records(site_pages):
    # Members: approved after 2 and 1 days in January, 3 days (into February);
    # one waiting, one rejected in January (not an approval).
    a = _profile(at(1, 1, 10), at(1, 3, 10)).user
    b = _profile(at(1, 10), at(1, 11)).user
    c = _profile(at(1, 30), at(2, 2)).user
    _profile(at(1, 15), None, Status.PENDING)
    _profile(at(1, 4), at(1, 5), Status.REJECTED)

    # Forum. January: A asks; B replies 3 hours later; C's reply a day later is
    # the answer. February: B asks, A replies after 2 hours; C's reply is held.
    forum = ensure_forum_tree()[PUBLIC]
    t1 = make_topic(forum, a, subject="Weekly rounds")
    b1 = make_reply(t1, b)
    c1 = make_reply(t1, c)
    t2 = make_topic(forum, b, subject="Night staffing")
    a2 = make_reply(t2, a)
    held = make_reply(t2, c, approved=False)
    _set(Topic, t1.pk, created=at(1, 5, 9))
    _set(Post, t1.first_post_id, created=at(1, 5, 9))
    _set(Post, b1.pk, created=at(1, 5, 12))
    _set(Post, c1.pk, created=at(1, 6, 9))
    _set(Topic, t2.pk, created=at(2, 1, 8))
    _set(Post, t2.first_post_id, created=at(2, 1, 8))
    _set(Post, a2.pk, created=at(2, 1, 10))
    _set(Post, held.pk, created=at(2, 3))
    TopicAnswer.objects.create(topic=t1, post=c1)
    # B's reply was held and approved 2 hours after it was written.
    ModerationLogEntry.objects.create(
        action=ModerationLogEntry.Action.APPROVE,
        target="Re: Weekly rounds",
        post_id=b1.pk,
        created_at=at(1, 5, 14),
    )

    # Residents' views: one decided after 5 hours and answered in February; an
    # example (never counted); one received in March.
    view = SubmissionFactory()
    _set(Submission, view.pk, created_at=at(1, 2, 10), published_at=at(1, 2, 15))
    decision = ModerationDecision.objects.create(
        submission=view, action=ViewDecision.APPROVED
    )
    _set(ModerationDecision, decision.pk, created_at=at(1, 2, 15))
    response = StatementResponse.objects.create(
        statement=view, responder="The editors", text="We did."
    )
    _set(StatementResponse, response.pk, created_at=at(2, 10))
    example = SubmissionFactory(illustrative=True)
    _set(Submission, example.pk, created_at=at(1, 3), published_at=at(1, 3))
    later = SubmissionFactory()
    _set(Submission, later.pk, created_at=at(3, 1, 12))

    # We tried this: one sent in January, published a day later, with an update
    # published in March; one sent in February, still waiting.
    published = make_report(site_pages[2], a)
    _set(TriedReport, published.pk, created_at=at(1, 20), decided_at=at(1, 21))
    update = TriedFollowUp.objects.create(
        report=published,
        still_doing="yes",
        since="Still going.",
        status=Decision.APPROVED,
        decided_at=at(3, 5),
    )
    waiting = make_report(site_pages[2], b, status=Decision.PENDING, decided_at=None)
    _set(TriedReport, waiting.pk, created_at=at(2, 1))

    # Value stories: two applied (January, February), one reframing in March,
    # one waiting (never counted).
    for month, cycle, status in (
        (1, "applied", Decision.APPROVED),
        (2, "applied", Decision.APPROVED),
        (3, "reframing", Decision.APPROVED),
        (3, "realised", Decision.PENDING),
    ):
        ValueStory.objects.create(
            author=a,
            title="A story",
            cycle=cycle,
            story="It helped.",
            status=status,
            decided_at=at(month, 9) if status == Decision.APPROVED else None,
        )
    return update


EXPECTED = {
    # figure: (January, February, March)
    "members_approved": (2, 1, 0),
    "days_to_approval": (1.5, 3.0, None),
    "active_contributors": (3, 2, 0),
    "returning_contributors": (0, 2, 0),
    "topics": (1, 1, 0),
    "answered_share": (100, 0, None),
    "hours_to_first_reply": (3.0, 2.0, None),
    "hours_to_answer": (24.0, None, None),
    "hours_held_posts": (2.0, None, None),
    "hours_shared_views": (5.0, None, None),
    "hours_tried_reports": (24.0, None, None),
    "views_received": (1, 0, 1),
    "views_published": (1, 0, 0),
    "views_responded": (0, 1, 0),
    "tried_received": (1, 1, 0),
    "tried_published": (1, 0, 0),
    "tried_updates": (0, 0, 1),
    "stories_immediate": (0, 0, 0),
    "stories_potential": (0, 0, 0),
    "stories_applied": (1, 1, 0),
    "stories_realised": (0, 0, 0),
    "stories_reframing": (0, 0, 1),
}


def test_every_figure_matches_the_hand_count(known_records):
    found = {
        figure.key: tuple(figure.value(month) for month in (JAN, FEB, MAR))
        for figure in figures(community_health([JAN, FEB, MAR]))
    }
    assert found == EXPECTED


def test_every_figure_says_how_it_is_computed(known_records):
    for figure in figures(community_health([JAN, FEB, MAR])):
        assert len(figure.how) > 40, figure.key


def test_the_report_is_for_moderators_and_editors_and_downloads_as_csv(
    client, known_records
):
    url = reverse("impact_community_health")
    client.force_login(approved_member())
    assert client.get(url).status_code == 302  # no admin: Wagtail's sign-in
    client.force_login(editor())
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert (
        "Share of topics answered" in html and "Median hours to a first reply" in html
    )
    assert "nothing tracks what people read" in html
    download = client.get(url, {"months": "3", "format": "csv"})
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0][:3] == [
        "Month",
        "New members approved",
        "Median days to approval",
    ]
    assert len(rows) == 4  # the header and three months


@pytest.mark.parametrize("months", ["²", "0", "37", "-1", "lots"])
def test_a_bad_number_of_months_gets_a_message_not_an_error(client, months):
    client.force_login(editor())
    response = client.get(reverse("impact_community_health"), {"months": months})
    assert response.status_code == 400
    assert "Choose from 1 to 36 months" in response.content.decode()


def test_a_wait_a_moment_below_zero_reads_as_zero():
    from datetime import timedelta

    from impact.health import HOUR, _median

    medians = _median({JAN: [timedelta(seconds=-2), timedelta(seconds=-1)]}, HOUR)
    assert medians == {JAN: 0.0}
    assert str(medians[JAN]) == "0.0"  # not "-0.0"
