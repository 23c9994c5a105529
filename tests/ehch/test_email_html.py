"""The HTML part of every kind of email passes the Nu Html Checker (issue 16 item 6).

Each email is sent by the code that sends it in production, with hostile text
in the places people type (a subject, a reason, a post), then the HTML parts
are checked in one run of the W3C checker. ``tests/conftest.py`` holds every
email of every test to the two-part rule; this test holds the HTML to the
standard mail programs render.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from cms.voices.models import AlertKind, SafeguardingAlert, SafeguardingConcern
from cms.voices.notifications import deliver
from ehch import roles
from ehch.accounts import membership
from ehch.accounts.models import MemberProfile, Status
from forum import notifications
from forum.digests import digest_period
from forum.models import ForumSubscription
from forum.reports import email_moderators
from forum.structure import ensure_forum_tree
from tests.ehch.test_html_validity import _errors
from tests.forum.conftest import PUBLIC, make_topic, make_user
from tests.voices.factories import SubmissionFactory, ThemeFactory

pytestmark = pytest.mark.django_db

HOSTILE = 'Tea & biscuits <script>alert("x")</script> “quoted” — 10% off'


def _profile(user, **extra) -> MemberProfile:
    return MemberProfile.objects.create(
        user=user,
        display_name=f"{user.username.title()} Person",
        role="gp",
        organisation_type="general-practice",
        region="london",
        leadership_level="service",
        **extra,
    )


def _send_every_kind(client, callbacks) -> None:
    cache.clear()  # the password reset limits count in the cache
    forums = ensure_forum_tree()
    alice = make_user("alice", roles.MEMBERS)
    bob = make_user("bob", roles.MEMBERS)
    carol = make_user("carol", roles.MEMBERS)
    moderator = make_user("mod", roles.MODERATORS)
    _profile(alice, status=Status.APPROVED, decided_at=timezone.now())
    topic = make_topic(forums[PUBLIC], alice, subject=HOSTILE, content=HOSTILE)
    topic.subscribers.add(bob)
    ForumSubscription.objects.create(
        user=carol, forum=forums[PUBLIC], daily_digest=True
    )
    post = topic.first_post
    post.content = f"{HOSTILE}\n\nOver to you @carol"
    post.save()
    notifications.notify_new_post(post)  # a follower and a mention
    _, end = digest_period(timezone.now())  # the digest covers the day to a cut-off
    topic.__class__.objects.filter(pk=topic.pk).update(created=end - timedelta(hours=1))
    notifications.send_daily_digests()
    notifications.email_moderation_outcome(
        alice,
        kind="post",
        approved=False,
        subject=HOSTILE,
        content=HOSTILE,
        topic=topic,
        reason=HOSTILE,
    )
    notifications.email_moderation_outcome(
        alice, kind="edit", approved=True, subject=HOSTILE, content="", topic=topic
    )
    notifications.email_member_warning(alice, HOSTILE, HOSTILE)
    email_moderators(
        "A new report",
        "stale_queue",
        {"sections": [("Reports", [])], "hours": 24},
    )
    applicant = get_user_model().objects.create_user(
        "dora", "dora@example.org", "a-long-password-1"
    )
    pending = _profile(applicant)
    membership.email_moderators_about_application(pending.pk)
    erin = get_user_model().objects.create_user("erin", "erin@example.org", "pw-1-long")
    with callbacks(execute=True):  # the decisions email after their commit
        membership.approve_member(pending, moderator)
        membership.reject_member(_profile(erin), moderator, HOSTILE)
    client.post("/accounts/password/reset/", {"email": "alice@example.org"})
    moderator.set_password("a-long-password-2")
    moderator.save()
    client.post("/admin/password_reset/", {"email": "mod@example.org"})
    concern = SafeguardingConcern.objects.create(
        submission=SubmissionFactory(themes=[ThemeFactory()]), flagged_by=moderator
    )
    for kind in (AlertKind.FLAGGED, AlertKind.REMINDER, AlertKind.ESCALATION):
        alert = SafeguardingAlert.objects.create(
            concern=concern, kind=kind, recipient="lead@example.org"
        )
        deliver(alert)


def test_every_kind_of_email_is_valid_html_escaped_and_unsubscribes_only_by_choice(
    client, django_capture_on_commit_callbacks, tmp_path
):
    # One test, so the emails are sent once and the checker starts once.
    _send_every_kind(client, django_capture_on_commit_callbacks)
    subjects = sorted({m.subject.split("“")[0].strip() for m in mail.outbox})
    assert len(subjects) >= 15, subjects  # every kind above was really sent
    assert any(s.startswith("New topics") for s in subjects), subjects

    # What people typed is escaped in HTML and kept as typed in the text.
    outcome = next(m for m in mail.outbox if "not approved" in m.subject)
    assert HOSTILE in outcome.body
    assert "&lt;script&gt;" in outcome.alternatives[0][0]

    # One-click unsubscribe on what people chose to get, and nowhere else.
    chosen = ("New post", "You were mentioned", "New topics")
    for message in mail.outbox:
        has_it = "List-Unsubscribe" in message.extra_headers
        assert has_it == message.subject.startswith(chosen), message.subject

    # The W3C checker finds no error in any HTML part.
    files: dict[Path, str] = {}
    for number, message in enumerate(mail.outbox):
        html = message.alternatives[0][0]
        assert "<script>" not in html
        path = tmp_path / f"email-{number}.html"
        path.write_text(html, encoding="utf-8")
        files[path] = f"{message.subject!r} to {', '.join(message.to)}"
    errors = _errors(files)
    assert not errors, "\n".join(errors)
