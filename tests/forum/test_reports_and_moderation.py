"""Reports, their queue and resolution, the audit log, alerts and scoped moderators."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from machina.core.db.models import get_model

from forum.models import ModerationLogEntry, PostReport
from forum.signals import forum_post_removed

from .conftest import PUBLIC, make_reply, make_topic, make_user, topic_url

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")

pytestmark = pytest.mark.django_db


def test_a_member_reports_a_post_and_moderators_are_emailed(
    client, forums, member, moderator, administrator
):
    topic = make_topic(forums[PUBLIC], moderator, content="Something rude")
    post = topic.first_post
    client.force_login(member)
    form = client.get(reverse("community_forum:report_post", kwargs={"pk": post.pk}))
    assert form.status_code == 200
    response = client.post(
        reverse("community_forum:report_post", kwargs={"pk": post.pk}),
        {"reason": "rude", "details": "Name-calling"},
    )
    assert response.status_code == 302
    report = PostReport.objects.get()
    assert report.reporter == member and report.post == post
    assert len(mail.outbox) == 1
    assert set(mail.outbox[0].to) == {
        "moderator@example.org",
        "administrator@example.org",
    }


def test_a_report_without_a_reason_is_shown_again_with_an_error(client, forums, member):
    topic = make_topic(forums[PUBLIC], member)
    client.force_login(member)
    response = client.post(
        reverse("community_forum:report_post", kwargs={"pk": topic.first_post.pk}), {}
    )
    assert response.status_code == 200
    assert "Select why you are reporting this post" in response.content.decode()
    assert not PostReport.objects.exists()


def test_only_moderators_see_the_report_queue(client, forums, member, moderator):
    PostReport.objects.create(reason="spam", details="Advert")
    url = reverse("community_forum:report_queue")
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(moderator)
    assert "Spam or advertising" in client.get(url).content.decode()


def test_resolving_a_report_records_who_decided_what(client, forums, member, moderator):
    topic = make_topic(forums[PUBLIC], member)
    reply = make_reply(topic, member, content="Bad reply")
    report = PostReport.objects.create(post=reply, reason="rude")
    removed = []

    def receiver(sender, post, **kwargs):
        removed.append(post.pk)

    forum_post_removed.connect(receiver)
    client.force_login(moderator)
    try:
        response = client.post(
            reverse("community_forum:report_detail", kwargs={"pk": report.pk}),
            {"outcome": "post_removed", "note": "Abusive"},
        )
    finally:
        forum_post_removed.disconnect(receiver)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.resolved_by == moderator and report.outcome == "post_removed"
    assert report.resolution_note == "Abusive" and report.resolved_at is not None
    assert report.post is None and not Post.objects.filter(pk=reply.pk).exists()
    assert removed == [reply.pk]
    actions = set(ModerationLogEntry.objects.values_list("action", flat=True))
    assert {"resolve_report", "delete_post"} <= actions
    assert client.get(reverse("community_forum:moderation_log")).status_code == 200


def test_visitors_can_report_harmful_content_and_are_rate_limited(
    client, forums, moderator
):
    url = reverse("community_forum:report_content")
    assert client.get(url).status_code == 200
    data = {"url": "/forum/topic/x/", "reason": "illegal", "details": "Illegal images"}
    for _ in range(5):
        response = client.post(url, data)
        assert response.status_code == 200
        assert "your report has been sent" in response.content.decode()
    assert PostReport.objects.count() == 5
    assert len(mail.outbox) == 5
    response = client.post(url, data)
    assert "a lot of reports" in response.content.decode()
    assert PostReport.objects.count() == 5


def test_a_visitor_report_with_missing_fields_never_errors(client, forums):
    response = client.post(reverse("community_forum:report_content"), {"email": "bad"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_every_moderation_action_is_written_to_the_audit_log(
    client, forums, member, moderator
):
    topic = make_topic(forums[PUBLIC], member)
    queued = make_reply(topic, member, approved=False)
    rejected = make_reply(topic, member, approved=False)
    client.force_login(moderator)
    kw = {"slug": topic.slug, "pk": topic.pk}
    client.post(
        reverse("forum_moderation:approve_queued_post", kwargs={"pk": queued.pk})
    )
    client.post(
        reverse("forum_moderation:disapprove_queued_post", kwargs={"pk": rejected.pk}),
        {"reason": "Please keep to the topic."},
    )
    client.post(reverse("forum_moderation:topic_lock", kwargs=kw))
    client.post(reverse("forum_moderation:topic_unlock", kwargs=kw))
    client.post(reverse("forum_moderation:topic_update_to_sticky", kwargs=kw))
    client.post(
        reverse("forum_moderation:topic_move", kwargs=kw),
        {"forum": forums["Measuring impact"].pk},
    )
    client.post(reverse("forum_moderation:topic_delete", kwargs=kw))
    entries = list(ModerationLogEntry.objects.order_by("created_at", "pk"))
    assert [e.action for e in entries] == [
        "approve",
        "disapprove",
        "lock",
        "unlock",
        "pin",
        "move",
        "delete_topic",
    ]
    assert all(e.actor == moderator for e in entries)
    assert "Measuring impact" in entries[5].target


def test_a_forum_scoped_moderator_moderates_only_their_forum(client, forums, member):
    scoped = make_user("scoped", "Members")
    call_command("grant_forum_moderator", "scoped", "Measuring impact", verbosity=0)
    mine = make_topic(forums["Measuring impact"], member, subject="Mine")
    other = make_topic(forums[PUBLIC], member, subject="Other")
    client.force_login(scoped)
    ok = client.post(
        reverse(
            "forum_moderation:topic_lock", kwargs={"slug": mine.slug, "pk": mine.pk}
        )
    )
    denied = client.post(
        reverse(
            "forum_moderation:topic_lock", kwargs={"slug": other.slug, "pk": other.pk}
        )
    )
    assert ok.status_code == 302 and denied.status_code == 403
    assert ModerationLogEntry.objects.filter(action="grant_moderator").exists()
    call_command("grant_forum_moderator", "scoped", "Measuring impact", revoke=True)
    mine.refresh_from_db()
    response = client.post(
        reverse(
            "forum_moderation:topic_unlock", kwargs={"slug": mine.slug, "pk": mine.pk}
        )
    )
    assert response.status_code == 403


def test_a_report_link_is_on_every_post(client, forums, member):
    topic = make_topic(forums[PUBLIC], member)
    make_reply(topic, member)
    html = client.get(topic_url(topic)).content.decode()
    assert html.count("/forum/tools/report/post/") == 2
