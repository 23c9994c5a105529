"""Answers that count: the asker or a moderator marks a reply as the answer;
it shows under the question, "Answered" shows in the forum's list, and a forum
can be filtered to topics without an answer."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum.models import ModerationLogEntry, TopicAnswer

from .conftest import PUBLIC, make_reply, make_topic, make_user, topic_url

pytestmark = pytest.mark.django_db


def _mark(client, post, action="mark"):
    return client.post(
        reverse("community_forum:mark_answer", args=[post.pk]),
        {"action": action},
        follow=True,
    )


def _forum_url(forum, query=""):
    return reverse("forum:forum", kwargs={"slug": forum.slug, "pk": forum.pk}) + query


def test_the_asker_marks_a_reply_and_everyone_sees_it(client, forums, member, no_hold):
    forum = forums[PUBLIC]
    helper = make_user("helper", "Members")
    topic = make_topic(forum, member, subject="How do we start GP rounds?")
    reply = make_reply(topic, helper, content="Start with one practice and two homes.")
    other = make_reply(topic, helper, content="Thanks for asking.")
    client.force_login(member)
    html = client.get(topic_url(topic)).content.decode()
    assert "Mark as the answer" in html
    response = _mark(client, reply)
    assert "Marked as the answer" in response.content.decode()
    assert TopicAnswer.objects.get(topic=topic).post == reply
    # The asker is not a moderator: nothing in the moderation log.
    assert not ModerationLogEntry.objects.exists()

    client.logout()
    html = client.get(topic_url(topic)).content.decode()
    assert "Answered by" in html and "Start with one practice" in html
    assert html.count("The answer</strong>") == 1
    assert "Mark as the answer" not in html
    listing = client.get(_forum_url(forum)).content.decode()
    assert "How do we start GP rounds?</a> <strong" in listing
    unanswered = client.get(_forum_url(forum, "?unanswered=1")).content.decode()
    assert "How do we start GP rounds?" not in unanswered
    assert "Show all topics" in unanswered

    # Marking another reply moves the mark; clearing removes it.
    client.force_login(member)
    _mark(client, other)
    assert TopicAnswer.objects.get(topic=topic).post == other
    _mark(client, other, action="clear")
    assert not TopicAnswer.objects.exists()
    assert (
        "How do we start GP rounds?"
        in client.get(_forum_url(forum, "?unanswered=1")).content.decode()
    )


def test_only_the_asker_or_a_moderator_may_mark(
    client, forums, member, moderator, pending, no_hold
):
    forum = forums[PUBLIC]
    topic = make_topic(forum, member)
    reply = make_reply(topic, moderator)
    for user in (make_user("someone", "Members"), pending):
        client.force_login(user)
        assert "Mark as the answer" not in client.get(topic_url(topic)).content.decode()
        response = _mark(client, reply)
        assert "Only the person who asked, or a moderator" in response.content.decode()
        assert not TopicAnswer.objects.exists()
    client.logout()
    response = client.post(reverse("community_forum:mark_answer", args=[reply.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(moderator)
    _mark(client, reply)
    assert TopicAnswer.objects.filter(post=reply).exists()
    entry = ModerationLogEntry.objects.get()
    assert entry.action == "mark_answer" and entry.post_id == reply.pk


def test_the_question_and_held_replies_cannot_be_answers(
    client, forums, member, no_hold
):
    forum = forums[PUBLIC]
    topic = make_topic(forum, member)
    held = make_reply(topic, make_user("new", "Members"), approved=False)
    client.force_login(member)
    assert "cannot be its answer" in _mark(client, topic.first_post).content.decode()
    assert (
        client.post(
            reverse("community_forum:mark_answer", args=[held.pk]), {"action": "mark"}
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("community_forum:mark_answer", args=[topic.first_post.pk])
        ).status_code
        == 405
    )
    assert not TopicAnswer.objects.exists()


def test_the_forum_list_does_not_query_more_for_more_answered_topics(
    client, forums, member, no_hold
):
    forum = forums[PUBLIC]
    helper = make_user("helper", "Members")

    def answered_topic(n):
        topic = make_topic(forum, member, subject=f"Question {n}")
        TopicAnswer.objects.create(topic=topic, post=make_reply(topic, helper))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_forum_url(forum)).status_code == 200
        return len(queries)

    client.force_login(member)
    answered_topic(0)
    count()  # the first request fills per-process caches (permissions, site)
    one = count()
    for n in range(1, 6):
        answered_topic(n)
    assert count() == one
    with CaptureQueriesContext(connection) as queries:
        client.get(topic_url(forum.topics.first()))
    topic_queries = len(queries)
    assert (
        topic_queries <= 40
    )  # the topic page's own budget is in test_feeds_and_queries
