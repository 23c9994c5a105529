"""People are told: authors, reporters and warned members; closed topics say why."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from machina.core.db.models import get_model

from ehch import roles
from ehch.accounts.role_setup import set_up_roles
from forum.models import ModerationLogEntry, PostReport, TopicSettings, WatchedWord

from .conftest import PUBLIC, make_reply, make_topic, make_user, topic_url

Post = get_model("forum_conversation", "Post")

pytestmark = pytest.mark.django_db


def test_approving_a_held_post_emails_its_author(client, forums, member, moderator):
    topic = make_topic(forums[PUBLIC], moderator)
    held = make_reply(topic, member, content="My held reply", approved=False)
    client.force_login(moderator)
    response = client.post(
        reverse("forum_moderation:approve_queued_post", kwargs={"pk": held.pk}),
        follow=True,
    )
    assert "The post has been approved. We emailed the author." in (
        response.content.decode()
    )
    (email,) = mail.outbox
    assert email.to == [member.email]
    assert email.subject == "Your forum post was approved"
    assert topic_url(topic) in email.body


def test_disapproving_a_held_post_needs_a_reason(client, forums, member, moderator):
    topic = make_topic(forums[PUBLIC], moderator)
    held = make_reply(topic, member, content="My held reply", approved=False)
    url = reverse("forum_moderation:disapprove_queued_post", kwargs={"pk": held.pk})
    client.force_login(moderator)
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="reason"' in page.content.decode()
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200
    assert "Enter a reason for the author" in response.content.decode()
    assert Post.objects.filter(pk=held.pk).exists()
    assert mail.outbox == []


def test_disapproving_emails_the_author_the_reason_and_their_text(
    client, forums, member, moderator
):
    topic = make_topic(forums[PUBLIC], moderator)
    held = make_reply(topic, member, content="Line one\nLine two", approved=False)
    client.force_login(moderator)
    response = client.post(
        reverse("forum_moderation:disapprove_queued_post", kwargs={"pk": held.pk}),
        {"reason": "Please remove the resident's name."},
        follow=True,
    )
    assert "disapproved and deleted. We emailed the author." in (
        response.content.decode()
    )
    assert not Post.objects.filter(pk=held.pk).exists()
    (email,) = mail.outbox
    assert email.to == [member.email]
    assert email.subject == "Your forum post was not approved"
    assert "Please remove the resident's name." in email.body
    assert "Line one\nLine two" in email.body
    entry = ModerationLogEntry.objects.get(action="disapprove")
    assert entry.reason == "Please remove the resident's name."


def test_a_disapproved_visitor_post_says_nobody_was_emailed(client, forums, moderator):
    topic = make_topic(forums[PUBLIC], moderator)
    held = make_reply(topic, None, content="Visitor text", approved=False)
    Post.objects.filter(pk=held.pk).update(username="visitor")
    client.force_login(moderator)
    response = client.post(
        reverse("forum_moderation:disapprove_queued_post", kwargs={"pk": held.pk}),
        {"reason": "Spam"},
        follow=True,
    )
    assert "We could not email the author" in response.content.decode()
    assert mail.outbox == []


def _resolve(client, report, **data):
    return client.post(
        reverse("community_forum:report_detail", kwargs={"pk": report.pk}),
        data,
        follow=True,
    )


def test_the_reporter_hears_the_outcome_but_not_the_private_note(
    client, forums, member, moderator
):
    reporter = make_user("reporter", roles.MEMBERS)
    topic = make_topic(forums[PUBLIC], member)
    reply = make_reply(topic, member, content="Rude words")
    report = PostReport.objects.create(post=reply, reason="rude", reporter=reporter)
    client.force_login(moderator)
    response = _resolve(
        client, report, outcome="post_removed", note="Second offence, see log"
    )
    assert "We emailed the person who reported it." in response.content.decode()
    (email,) = mail.outbox
    assert email.to == [reporter.email]
    assert "Post removed" in email.body
    assert "Second offence" not in email.body


def test_a_visitor_who_left_an_address_hears_the_outcome(client, forums, moderator):
    report = PostReport.objects.create(
        url="/forum/x/", reason="illegal", details="bad", reporter_email="v@example.org"
    )
    client.force_login(moderator)
    _resolve(client, report, outcome="no_action", note="Nothing illegal")
    (email,) = mail.outbox
    assert email.to == ["v@example.org"]
    assert "No action needed" in email.body


def test_member_warned_emails_the_member_the_warning(client, forums, member, moderator):
    topic = make_topic(forums[PUBLIC], member)
    reply = make_reply(topic, member, content="Rude words")
    report = PostReport.objects.create(post=reply, reason="rude")
    client.force_login(moderator)
    refused = _resolve(client, report, outcome="member_warned", note="Rude")
    assert "Enter the warning to send to the member" in refused.content.decode()
    assert PostReport.objects.get(pk=report.pk).is_open

    response = _resolve(
        client,
        report,
        outcome="member_warned",
        note="Rude",
        warning="Please be kind to other members.",
    )
    assert "We emailed the member your warning." in response.content.decode()
    (email,) = mail.outbox  # an automatic flag: no reporter to tell
    assert email.to == [member.email]
    assert "Please be kind to other members." in email.body
    assert "Rude words" in email.body


def test_a_visitor_report_cannot_warn_anyone(client, forums, moderator):
    report = PostReport.objects.create(url="/x/", reason="spam", details="spam")
    client.force_login(moderator)
    response = _resolve(
        client, report, outcome="member_warned", note="n", warning="Stop"
    )
    assert "You can only warn a member" in response.content.decode()
    assert PostReport.objects.get(pk=report.pk).is_open
    assert mail.outbox == []


def test_a_locked_topic_says_why_and_since_when_and_has_no_reply_button(
    client, forums, member, moderator
):
    topic = make_topic(forums[PUBLIC], member, subject="Heated debate")
    client.force_login(moderator)
    client.post(
        reverse(
            "forum_moderation:topic_lock", kwargs={"slug": topic.slug, "pk": topic.pk}
        ),
        {"post": "yes", "reason": "The discussion became personal."},
    )
    entry = ModerationLogEntry.objects.get(action="lock")
    assert entry.reason == "The discussion became personal."
    client.force_login(member)
    page = client.get(topic_url(topic)).content.decode()
    assert "This topic is locked since" in page
    assert "Reason: The discussion became personal." in page
    assert "Post reply" not in page


def test_a_closed_topic_says_when_it_closed_and_has_no_reply_button(
    client, forums, member, moderator
):
    topic = make_topic(forums[PUBLIC], moderator)
    client.force_login(member)
    assert "Post reply" in client.get(topic_url(topic)).content.decode()
    closed = timezone.now() - timedelta(days=1)
    TopicSettings.objects.create(topic=topic, close_at=closed)
    ModerationLogEntry.objects.create(
        action="topic_settings", topic_id=topic.pk, reason="The event is over."
    )
    page = client.get(topic_url(topic)).content.decode()
    assert "This topic closed on" in page
    assert "Reason: The event is over." in page
    assert "Post reply" not in page


def test_moderators_manage_watched_words_in_the_wagtail_admin(client, forums):
    set_up_roles()
    moderator = make_user("wordmod", roles.MEMBERS)
    moderator.groups.add(Group.objects.get(name=roles.MODERATORS))
    assert not moderator.is_staff
    client.force_login(moderator)
    index = reverse("wagtailsnippets_community_forum_watchedword:list")
    assert client.get(index).status_code == 200
    response = client.post(
        reverse("wagtailsnippets_community_forum_watchedword:add"),
        {"phrase": "miracle cure", "action": "hold"},
    )
    assert response.status_code == 302
    assert WatchedWord.objects.get().phrase == "miracle cure"


def test_members_cannot_manage_watched_words(client, forums, member):
    set_up_roles()
    client.force_login(member)
    response = client.get(reverse("wagtailsnippets_community_forum_watchedword:list"))
    assert response.status_code in {302, 403}
