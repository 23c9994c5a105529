"""A member's first posts wait for a moderator; approval publishes them."""

from __future__ import annotations

import pytest
from django.urls import reverse
from machina.core.db.models import get_model

from forum.models import ModerationLogEntry
from forum.signals import forum_post_published

from .conftest import (
    PUBLIC,
    make_topic,
    new_topic_url,
    reply_form_data,
    reply_url,
    topic_form_data,
    topic_url,
)

Post = get_model("forum_conversation", "Post")

pytestmark = pytest.mark.django_db


def test_a_new_members_first_three_posts_are_held_and_the_fourth_is_not(
    client, forums, member, moderator
):
    topic = make_topic(forums[PUBLIC], moderator)
    client.force_login(member)
    for n in range(3):
        client.post(reply_url(topic), reply_form_data(f"Reply number {n}"))
    held = Post.objects.filter(poster=member)
    assert held.count() == 3
    assert not held.filter(approved=True).exists()
    held.update(approved=True)  # a moderator approved all three
    client.post(reply_url(topic), reply_form_data("Reply number 4"))
    assert Post.objects.get(content="Reply number 4").approved is True


def test_the_number_of_held_posts_comes_from_the_setting(
    client, forums, member, moderator, settings
):
    settings.FORUM_FIRST_POSTS_HELD = 1
    topic = make_topic(forums[PUBLIC], moderator)
    client.force_login(member)
    client.post(reply_url(topic), reply_form_data("First"))
    Post.objects.filter(content="First").update(approved=True)
    client.post(reply_url(topic), reply_form_data("Second"))
    assert Post.objects.get(content="Second").approved is True


def test_moderators_are_never_held(client, forums, moderator):
    client.force_login(moderator)
    client.post(new_topic_url(forums[PUBLIC]), topic_form_data("Mod topic", "Hello"))
    assert Post.objects.get(content="Hello").approved is True


def test_a_held_post_is_hidden_until_a_moderator_approves_it_in_the_queue(
    client, forums, member, moderator, pending
):
    client.force_login(member)
    response = client.post(
        new_topic_url(forums[PUBLIC]), topic_form_data("My first topic", "Hello all")
    )
    assert response.status_code == 302
    post = Post.objects.get(content="Hello all")
    assert post.approved is False
    assert post.topic.approved is False
    assert ModerationLogEntry.objects.filter(action="hold", post_id=post.pk).exists()

    # Others see neither the topic in the forum nor the post on a topic page.
    client.force_login(pending)
    forum_page = client.get(
        reverse(
            "forum:forum",
            kwargs={"slug": post.topic.forum.slug, "pk": post.topic.forum.pk},
        )
    ).content.decode()
    assert "My first topic" not in forum_page

    client.force_login(moderator)
    queue = client.get(reverse("forum_moderation:queue")).content.decode()
    assert "My first topic" in queue

    published = []

    def receiver(sender, post, **kwargs):
        published.append(post.pk)

    forum_post_published.connect(receiver)
    try:
        response = client.post(
            reverse("forum_moderation:approve_queued_post", kwargs={"pk": post.pk})
        )
    finally:
        forum_post_published.disconnect(receiver)
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.approved is True
    assert published == [post.pk]
    entry = ModerationLogEntry.objects.get(action="approve")
    assert entry.actor == moderator and entry.post_id == post.pk

    client.force_login(pending)
    assert "Hello all" in client.get(topic_url(post.topic)).content.decode()


def test_an_approved_members_post_is_published_at_once_and_announced(
    client, forums, member, no_hold
):
    published = []

    def receiver(sender, post, **kwargs):
        published.append(post.content.raw)

    forum_post_published.connect(receiver)
    try:
        client.force_login(member)
        client.post(
            new_topic_url(forums[PUBLIC]), topic_form_data("Fine", "Straight in")
        )
    finally:
        forum_post_published.disconnect(receiver)
    assert published == ["Straight in"]


def _messages(response) -> list[str]:
    from django.contrib.messages import get_messages

    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_held_post_says_only_that_a_moderator_will_read_it(
    client, forums, member, moderator
):
    topic = make_topic(forums[PUBLIC], moderator)
    client.force_login(member)
    response = client.post(reply_url(topic), reply_form_data("Held reply"))
    shown = [m for m in _messages(response) if m]
    assert shown == [
        "Thank you. A moderator will read your post before it appears in the "
        "forum. We will email you when they have decided."
    ]
    page = client.get(response["Location"]).content.decode()
    assert "posted successfully" not in page and "validated" not in page


def test_a_published_post_says_it_is_published(client, forums, moderator):
    client.force_login(moderator)
    response = client.post(
        new_topic_url(forums[PUBLIC]), topic_form_data("Mod topic", "Hello")
    )
    assert [m for m in _messages(response) if m] == ["Your post is published."]
