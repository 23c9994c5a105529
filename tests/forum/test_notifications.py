"""Follow a topic or forum, @mentions, one-click unsubscribe and the daily digest."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from machina.core.db.models import get_model

from ehch import roles
from forum.digests import digest_period
from forum.models import ForumSubscription

from .conftest import (
    MEMBERS_ONLY,
    PUBLIC,
    make_topic,
    make_user,
    new_topic_url,
    reply_form_data,
    reply_url,
    topic_form_data,
)

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(forums):
    return {
        name: make_user(name, roles.MEMBERS)
        for name in ("alice", "bob", "carol", "dave")
    }


def _to(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_each_topic_subscriber_gets_exactly_one_email_per_reply_and_the_author_none(
    client, forums, people, no_hold
):
    topic = make_topic(forums[PUBLIC], people["alice"])
    for name in ("alice", "bob", "carol"):
        topic.subscribers.add(people[name])
    ForumSubscription.objects.create(user=people["carol"], forum=forums[PUBLIC])
    client.force_login(people["alice"])
    client.post(reply_url(topic), reply_form_data("First reply"))
    client.force_login(people["bob"])
    client.post(reply_url(topic), reply_form_data("Second reply"))
    assert len(_to("carol@example.org")) == 2  # one per reply, despite two follows
    assert len(_to("bob@example.org")) == 1  # only alice's reply
    assert len(_to("alice@example.org")) == 1  # only bob's reply
    assert _to("dave@example.org") == []  # follows nothing: quiet by default
    assert len(mail.outbox) == 4


def test_following_a_forum_through_the_page_sends_mail_for_new_topics(
    client, forums, people, no_hold
):
    forum = forums[PUBLIC]
    client.force_login(people["bob"])
    url = reverse("community_forum:forum_subscription", kwargs={"pk": forum.pk})
    assert client.get(url).status_code == 200
    assert client.post(url, {"daily_digest": "0"}).status_code == 302
    client.force_login(people["alice"])
    client.post(new_topic_url(forum), topic_form_data("News", "Hello"))
    assert len(_to("bob@example.org")) == 1


def test_unsubscribing_by_the_emailed_link_stops_further_emails_without_signing_in(
    client, forums, people, no_hold
):
    topic = make_topic(forums[PUBLIC], people["alice"])
    topic.subscribers.add(people["bob"])
    client.force_login(people["alice"])
    client.post(reply_url(topic), reply_form_data("One"))
    message = _to("bob@example.org")[0]
    link = re.search(r"http://\S+/forum/tools/unsubscribe/\S+/", message.body).group(0)
    assert (
        message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    )
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.logout()
    assert client.get("/" + path).status_code == 200
    assert people["bob"] in topic.subscribers.all()  # a GET alone changes nothing
    response = client.post("/" + path)
    assert response.status_code == 200
    assert people["bob"] not in topic.subscribers.all()
    mail.outbox.clear()
    client.force_login(people["alice"])
    client.post(reply_url(topic), reply_form_data("Two"))
    assert _to("bob@example.org") == []


def test_a_tampered_unsubscribe_link_is_refused_politely(client, forums):
    response = client.post("/forum/tools/unsubscribe/not-a-token/")
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()


def test_a_mention_notifies_that_member_once(client, forums, people, no_hold):
    topic = make_topic(forums[PUBLIC], people["alice"])
    topic.subscribers.add(people["carol"])
    client.force_login(people["alice"])
    client.post(
        reply_url(topic), reply_form_data("Thanks @bob and @carol, and @nobody")
    )
    bob = _to("bob@example.org")
    assert len(bob) == 1 and "You were mentioned" in bob[0].subject
    assert len(_to("carol@example.org")) == 1


def test_a_mention_by_shown_name_notifies_that_member_once(
    client, forums, people, no_hold
):
    from django.utils import timezone

    from ehch.accounts.models import MemberProfile, Status

    MemberProfile.objects.create(
        decided_at=timezone.now(),
        user=people["bob"],
        display_name="Bob Baker",
        role="gp",
        organisation_type="general-practice",
        region="london",
        leadership_level="service",
        status=Status.APPROVED,
    )
    topic = make_topic(forums[PUBLIC], people["alice"])
    client.force_login(people["alice"])
    client.post(
        reply_url(topic),
        reply_form_data("Thanks @[bob  baker], and @[Bob Baker] again; @[Nobody Here]"),
    )
    bob = _to("bob@example.org")
    assert len(bob) == 1 and "You were mentioned" in bob[0].subject
    assert [m for m in mail.outbox if "nobody" in " ".join(m.to)] == []


def test_the_post_form_says_how_to_mention_by_shown_name(client, forums, people):
    topic = make_topic(forums[PUBLIC], people["alice"])
    client.force_login(people["alice"])
    page = client.get(reply_url(topic)).content.decode()
    assert "@[Priya Shah]" in page
    assert "@username" not in page


def test_mentions_do_not_reach_people_who_cannot_read_the_forum(
    client, forums, people, no_hold
):
    make_user("outsider")  # not a member and not signed up to anything
    topic = make_topic(forums[MEMBERS_ONLY], people["alice"])
    client.force_login(people["alice"])
    client.post(reply_url(topic), reply_form_data("Hi @outsider"))
    # A signed-in account that is not an approved member cannot read a
    # members-only forum (issue 14), so it is not told about the mention.
    assert [m.to for m in mail.outbox if "outsider@example.org" in m.to] == []


def test_an_unapproved_post_notifies_nobody_until_it_is_approved(
    client, forums, people, moderator
):
    topic = make_topic(forums[PUBLIC], moderator)
    topic.subscribers.add(people["bob"])
    client.force_login(people["alice"])  # a new member: first posts are held
    client.post(reply_url(topic), reply_form_data("Held reply, hi @carol"))
    assert mail.outbox == []
    post = Post.objects.get(content="Held reply, hi @carol")
    client.force_login(moderator)
    client.post(reverse("forum_moderation:approve_queued_post", kwargs={"pk": post.pk}))
    assert len(_to("bob@example.org")) == 1
    assert len(_to("carol@example.org")) == 1


def test_the_daily_digest_lists_new_topics_in_followed_forums(forums, people):
    ForumSubscription.objects.create(
        user=people["bob"], forum=forums[PUBLIC], daily_digest=True
    )
    # The digest sent now covers the day up to the latest cut-off.
    start, end = digest_period(timezone.now())
    fresh = make_topic(forums[PUBLIC], people["alice"], subject="Fresh topic")
    Topic.objects.filter(pk=fresh.pk).update(created=end - timedelta(hours=1))
    old = make_topic(forums[PUBLIC], people["alice"], subject="Old topic")
    Topic.objects.filter(pk=old.pk).update(created=start - timedelta(hours=1))
    call_command("forum_digest", verbosity=0)
    bob = _to("bob@example.org")
    assert len(bob) == 1
    assert "Fresh topic" in bob[0].body and "Old topic" not in bob[0].body
    assert len(mail.outbox) == 1
