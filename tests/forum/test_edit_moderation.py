"""Edits pass the same rules as new posts; a held edit keeps the approved text."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from machina.core.db.models import get_model

from forum.models import (
    ModerationLogEntry,
    PendingPostEdit,
    PostReport,
    TopicSettings,
    WatchedWord,
)

from .conftest import PUBLIC, make_reply, make_topic, reply_form_data, topic_url

Attachment = get_model("forum_attachments", "Attachment")
Post = get_model("forum_conversation", "Post")

pytestmark = pytest.mark.django_db


def edit_url(post) -> str:
    """The edit form's address for a reply."""
    topic = post.topic
    return reverse(
        "forum_conversation:post_update",
        kwargs={
            "forum_slug": topic.forum.slug,
            "forum_pk": topic.forum.pk,
            "topic_slug": topic.slug,
            "topic_pk": topic.pk,
            "pk": post.pk,
        },
    )


def topic_edit_url(topic) -> str:
    """The edit form's address for a topic's first post."""
    return reverse(
        "forum_conversation:topic_update",
        kwargs={
            "forum_slug": topic.forum.slug,
            "forum_pk": topic.forum.pk,
            "slug": topic.slug,
            "pk": topic.pk,
        },
    )


def edit(client, post, content, subject="Re: edited"):
    data = reply_form_data(content, subject)
    data["update_reason"] = ""
    return client.post(edit_url(post), data, follow=True)


@pytest.fixture
def published_reply(forums, member, moderator, no_hold):
    topic = make_topic(forums[PUBLIC], moderator)
    return make_reply(topic, member, content="Our ward rounds start at nine.")


def test_an_edit_adding_a_held_word_waits_and_readers_keep_the_approved_version(
    client, published_reply, member, moderator
):
    WatchedWord.objects.create(phrase="miracle cure", action="hold")
    client.force_login(member)
    response = edit(client, published_reply, "Try this miracle cure instead.")
    page = response.content.decode()
    assert "Your edit is waiting for a moderator" in page

    published_reply.refresh_from_db()
    assert published_reply.content.raw == "Our ward rounds start at nine."
    assert published_reply.approved is True
    pending = PendingPostEdit.objects.get(post=published_reply)
    assert pending.content == "Try this miracle cure instead."
    assert ModerationLogEntry.objects.filter(
        action="hold_edit", post_id=published_reply.pk
    ).exists()

    client.logout()
    public = client.get(topic_url(published_reply.topic)).content.decode()
    assert "Our ward rounds start at nine." in public
    assert "miracle cure" not in public


def test_the_author_sees_their_held_edit_on_the_topic_page(
    client, published_reply, member
):
    WatchedWord.objects.create(phrase="miracle cure", action="hold")
    client.force_login(member)
    edit(client, published_reply, "Try this miracle cure instead.")
    page = client.get(topic_url(published_reply.topic)).content.decode()
    assert "Your edit is waiting for a moderator" in page
    assert "Try this miracle cure instead." in page


def test_a_moderator_approves_a_held_edit_and_it_replaces_the_post(
    client, published_reply, member, moderator
):
    WatchedWord.objects.create(phrase="miracle cure", action="hold")
    client.force_login(member)
    edit(client, published_reply, "Try this miracle cure instead.")
    pending = PendingPostEdit.objects.get()

    client.force_login(moderator)
    queue = client.get(reverse("forum_moderation:queue")).content.decode()
    assert reverse("community_forum:held_edit", kwargs={"pk": pending.pk}) in queue
    detail = client.get(reverse("community_forum:held_edit", kwargs={"pk": pending.pk}))
    body = detail.content.decode()
    assert "<del>Our ward rounds start at nine.</del>" in body
    assert "<ins>Try this miracle cure instead.</ins>" in body

    mail.outbox.clear()
    response = client.post(
        reverse("community_forum:held_edit", kwargs={"pk": pending.pk}),
        {"approve": "1"},
        follow=True,
    )
    assert "The edit has been published. We emailed the author." in (
        response.content.decode()
    )
    published_reply.refresh_from_db()
    assert published_reply.content.raw == "Try this miracle cure instead."
    assert published_reply.updates_count == 1
    assert not PendingPostEdit.objects.exists()
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "approved" in mail.outbox[0].subject
    client.logout()
    public = client.get(topic_url(published_reply.topic)).content.decode()
    assert "Try this miracle cure instead." in public


def test_disapproving_a_held_edit_needs_a_reason_and_emails_it_with_the_text(
    client, published_reply, member, moderator
):
    WatchedWord.objects.create(phrase="miracle cure", action="hold")
    client.force_login(member)
    edit(client, published_reply, "Try this miracle cure instead.")
    pending = PendingPostEdit.objects.get()
    url = reverse("community_forum:held_edit", kwargs={"pk": pending.pk})

    client.force_login(moderator)
    mail.outbox.clear()
    refused = client.post(url, {"disapprove": "1", "reason": "  "})
    assert refused.status_code == 200
    assert "Enter a reason for the author" in refused.content.decode()
    assert PendingPostEdit.objects.exists()
    assert mail.outbox == []

    client.post(url, {"disapprove": "1", "reason": "No health claims, please."})
    assert not PendingPostEdit.objects.exists()
    published_reply.refresh_from_db()
    assert published_reply.content.raw == "Our ward rounds start at nine."
    (email,) = mail.outbox
    assert email.to == [member.email]
    assert "No health claims, please." in email.body
    assert "Try this miracle cure instead." in email.body
    entry = ModerationLogEntry.objects.get(action="disapprove_edit")
    assert entry.actor == moderator and entry.reason == "No health claims, please."


def test_an_edit_during_the_first_posts_hold_is_held_too(
    client, forums, member, moderator, settings
):
    settings.FORUM_FIRST_POSTS_HELD = 3
    topic = make_topic(forums[PUBLIC], moderator)
    reply = make_reply(topic, member, content="Approved by a moderator.")
    client.force_login(member)
    edit(client, reply, "Now with a link to my shop.")
    reply.refresh_from_db()
    assert reply.content.raw == "Approved by a moderator."
    assert PendingPostEdit.objects.get(post=reply).hold_reason == (
        "One of the member's first posts"
    )


def test_an_edit_of_a_topics_first_post_is_held_and_the_topic_keeps_its_subject(
    client, forums, member, no_hold
):
    WatchedWord.objects.create(phrase="miracle cure", action="hold")
    topic = make_topic(forums[PUBLIC], member, subject="Falls audit")
    client.force_login(member)
    data = reply_form_data("A miracle cure for falls", "Falls miracle cure")
    data["topic_type"] = topic.type
    data["update_reason"] = ""
    response = client.post(topic_edit_url(topic), data, follow=True)
    assert "Your edit is waiting for a moderator" in response.content.decode()
    topic.refresh_from_db()
    assert topic.subject == "Falls audit"
    assert PendingPostEdit.objects.get().subject == "Falls miracle cure"


def test_an_edit_keeping_a_word_a_moderator_already_approved_is_published(
    client, published_reply, member
):
    Post.objects.filter(pk=published_reply.pk).update(
        content="Ask about the miracle cure myth."
    )
    WatchedWord.objects.create(phrase="miracle cure", action="hold")
    client.force_login(member)
    response = edit(client, published_reply, "Ask about the miracle cure myth, again.")
    assert "Your changes have been published." in response.content.decode()
    published_reply.refresh_from_db()
    assert published_reply.content.raw == "Ask about the miracle cure myth, again."
    assert not PendingPostEdit.objects.exists()


def test_an_edit_with_a_blocked_word_is_refused(client, published_reply, member):
    WatchedWord.objects.create(phrase="casino", action="block")
    client.force_login(member)
    response = edit(client, published_reply, "Visit my casino")
    assert "not allowed here (casino)" in response.content.decode()
    published_reply.refresh_from_db()
    assert published_reply.content.raw == "Our ward rounds start at nine."
    assert not PendingPostEdit.objects.exists()


def test_an_edit_adding_a_flag_word_is_published_and_reported(
    client, published_reply, member
):
    WatchedWord.objects.create(phrase="agency", action="flag")
    client.force_login(member)
    edit(client, published_reply, "Our agency staff start at nine.")
    published_reply.refresh_from_db()
    assert published_reply.content.raw == "Our agency staff start at nine."
    report = PostReport.objects.get(post=published_reply)
    assert report.reason == "watched_word" and "agency" in report.details


def test_slow_mode_applies_to_edits(client, published_reply, member):
    TopicSettings.objects.create(topic=published_reply.topic, slow_mode_seconds=600)
    client.force_login(member)
    response = edit(client, published_reply, "A quick change")
    assert "slow mode" in response.content.decode()
    published_reply.refresh_from_db()
    assert published_reply.content.raw == "Our ward rounds start at nine."


def test_a_closed_topic_takes_no_edits(client, published_reply, member):
    TopicSettings.objects.create(
        topic=published_reply.topic, close_at=timezone.now() - timedelta(hours=1)
    )
    client.force_login(member)
    response = edit(client, published_reply, "A late change")
    assert "can no longer be edited" in response.content.decode()
    published_reply.refresh_from_db()
    assert published_reply.content.raw == "Our ward rounds start at nine."


def test_edits_count_against_the_posting_limit(
    client, published_reply, member, settings
):
    settings.FORUM_POST_RATE = (2, 300)
    client.force_login(member)
    edit(client, published_reply, "Change one")
    edit(client, published_reply, "Change two")
    response = edit(client, published_reply, "Change three")
    assert "You have posted a lot in a short time" in response.content.decode()
    published_reply.refresh_from_db()
    assert published_reply.content.raw == "Change two"


def test_a_held_edit_publishes_no_new_attachment(client, published_reply, member):
    WatchedWord.objects.create(phrase="miracle cure", action="hold")
    client.force_login(member)
    data = reply_form_data("Try this miracle cure instead.", "Re: edited")
    data.update(
        {
            "update_reason": "",
            "attachment-TOTAL_FORMS": "1",
            "attachment-0-file": SimpleUploadedFile(
                "leaflet.pdf", b"%PDF-1.4 leaflet", "application/pdf"
            ),
            "attachment-0-comment": "",
        }
    )
    response = client.post(edit_url(published_reply), data, follow=True)
    page = response.content.decode()
    assert "Your edit is waiting for a moderator" in page
    assert "Your changes to attachments were not saved" in page
    assert not Attachment.objects.exists()
