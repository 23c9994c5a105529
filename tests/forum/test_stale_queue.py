"""One stale-queue alert covers every queue and names each item once per interval."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone
from machina.core.db.models import get_model

from ehch.accounts.membership import create_pending_profile
from ehch.accounts.models import MemberProfile
from forum.models import PendingPostEdit, PostReport, QueueAlert
from forum.stale_queue import alert_stale_queues
from tests.members.factories import MemberProfileFactory, UserFactory
from tests.voices.factories import SubmissionFactory

from .conftest import PUBLIC, make_reply, make_topic

Post = get_model("forum_conversation", "Post")
Submission = get_model("voices", "Submission")

pytestmark = pytest.mark.django_db

HOURS_AGO_13 = timedelta(hours=13)


def _age(model, pk, field, by=HOURS_AGO_13):
    model.objects.filter(pk=pk).update(**{field: timezone.now() - by})


@pytest.fixture
def every_queue(forums, member, moderator, settings):
    """One old item in each queue, and one new held post that is not due."""
    settings.FORUM_QUEUE_ALERT_HOURS = 12
    topic = make_topic(forums[PUBLIC], member, subject="Night staffing")
    old = make_reply(topic, member, content="Old", approved=False)
    _age(Post, old.pk, "created")
    make_reply(topic, member, content="New", approved=False)
    published = make_reply(topic, member, content="Published")
    edit = PendingPostEdit.objects.create(
        post=published,
        author=member,
        subject="Edited subject",
        content="Edited",
        hold_reason="Watched words: x",
    )
    _age(PendingPostEdit, edit.pk, "created_at")
    report = PostReport.objects.create(post=published, reason="rude")
    _age(PostReport, report.pk, "created_at")
    view = SubmissionFactory()
    _age(Submission, view.pk, "created_at")
    profile = MemberProfileFactory(display_name="Alex Applicant")
    _age(MemberProfile, profile.pk, "created_at")
    return {"post": old, "edit": edit, "report": report, "view": view}


def test_one_alert_names_an_old_item_from_every_queue(every_queue, moderator):
    call_command("alert_stale_queue", verbosity=0)
    (email,) = mail.outbox
    assert email.to == [moderator.email]
    assert "5 item(s) waiting more than 12 hours" in email.subject
    body = email.body
    for heading in (
        "Held forum posts:",
        "Held edits of forum posts:",
        "Open reports:",
        "Shared views waiting for moderation:",
        "Member applications:",
    ):
        assert heading in body
    assert "Edit of “Published”" not in body  # named by its post's subject
    assert f"Shared view {every_queue['view'].reference}" in body
    assert "Application from Alex Applicant" in body
    assert every_queue["view"].text not in body  # the words stay out of email
    assert "“Re: Night staffing”" in body
    assert body.count("/forum/moderation/queue/") == 1  # the new post is not due


def test_a_second_run_does_not_repeat_the_same_items(every_queue):
    call_command("alert_stale_queue", verbosity=0)
    mail.outbox.clear()
    call_command("alert_stale_queue", verbosity=0)
    assert mail.outbox == []
    assert QueueAlert.objects.count() == 5


def test_an_item_still_waiting_after_another_interval_is_named_again(every_queue):
    now = timezone.now()
    alert_stale_queues(12, now=now)
    mail.outbox.clear()
    alert_stale_queues(12, now=now + timedelta(hours=6))
    assert mail.outbox == []
    alert_stale_queues(12, now=now + timedelta(hours=13))
    assert len(mail.outbox) == 1
    # The five again, and the post that was new at first has now waited too.
    assert "6 item(s)" in mail.outbox[0].subject


def test_a_new_item_is_named_without_repeating_the_old_ones(every_queue, member):
    call_command("alert_stale_queue", verbosity=0)
    mail.outbox.clear()
    late = PostReport.objects.create(post=every_queue["edit"].post, reason="spam")
    _age(PostReport, late.pk, "created_at")
    call_command("alert_stale_queue", verbosity=0)
    (email,) = mail.outbox
    assert "1 item(s)" in email.subject
    assert f"Report {late.pk}" in email.body
    assert f"Report {every_queue['report'].pk}:" not in email.body


def test_items_that_left_the_queue_are_forgotten(every_queue):
    call_command("alert_stale_queue", verbosity=0)
    Post.objects.filter(pk=every_queue["post"].pk).update(approved=True)
    call_command("alert_stale_queue", verbosity=0)
    assert not QueueAlert.objects.filter(
        kind="post", object_id=every_queue["post"].pk
    ).exists()


def test_with_no_moderator_address_the_command_fails_and_records_nothing(
    every_queue, moderator
):
    moderator.email = ""
    moderator.save()
    with pytest.raises(CommandError, match="nobody was alerted"):
        call_command("alert_stale_queue", verbosity=0)
    assert not QueueAlert.objects.exists()


def test_a_new_application_emails_moderators_once_it_commits(
    moderator, django_capture_on_commit_callbacks
):
    user = UserFactory(username="applicant")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        create_pending_profile(
            user,
            display_name="Jo Applicant",
            role="gp",
            organisation_type="general-practice",
            region="london",
            leadership_level="service",
        )
        assert mail.outbox == []  # not before the sign-up has committed
    assert len(callbacks) == 1
    (email,) = mail.outbox
    assert email.to == [moderator.email]
    assert email.subject == "New member application: Jo Applicant"
    assert "/admin/members/pending/" in email.body


def test_we_tried_this_reports_and_updates_waiting_are_named_too(
    member, moderator, settings
):
    from impact.models import Decision, TriedFollowUp, TriedReport
    from tests.casestudies.factories import CaseStudyFactory, build_site
    from tests.impact.conftest import make_report

    settings.FORUM_QUEUE_ALERT_HOURS = 12
    page = CaseStudyFactory(parent=build_site()[1])
    waiting = make_report(page, member, status=Decision.PENDING, decided_at=None)
    published = make_report(page, member)
    update = TriedFollowUp.objects.create(
        report=published, still_doing="yes", since="Going well."
    )
    _age(TriedReport, waiting.pk, "created_at")
    _age(TriedFollowUp, update.pk, "created_at")
    call_command("alert_stale_queue", verbosity=0)
    (email,) = mail.outbox
    assert "2 item(s)" in email.subject
    assert "We-tried-this reports:" in email.body
    assert "We-tried-this updates:" in email.body
    assert f"/admin/we-tried-this/report/{waiting.pk}/" in email.body
    assert f"/admin/we-tried-this/follow-up/{update.pk}/" in email.body
    assert "Going well." not in email.body  # the words stay out of email
