"""Follow a topic or forum, @mentions, one-click unsubscribe and the daily digest."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from machina.core.db.models import get_model

from ehch import roles
from forum.digests import digest_period
from forum.models import ForumSubscription, MentionOptOut

from .conftest import (
    HELD,
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
    (message,) = _to("bob@example.org")
    assert message.subject.startswith("New post"), message.subject
    path = _one_click(message)  # also checks the link is in both parts
    client.logout()
    assert client.get(path).status_code == 200
    assert people["bob"] in topic.subscribers.all()  # a GET alone changes nothing
    response = client.post(path)
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


def _one_click(message) -> str:
    """The path a mail program POSTs to, from the List-Unsubscribe header."""
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert url.startswith(settings.SITE_URL + "/"), (url, settings.SITE_URL)
    html = message.alternatives[0][0]
    # People can follow it too.
    assert url in message.body, (url, message.body)
    assert url in html, url
    return url[len(settings.SITE_URL) :]


def _mail_program():
    """A client like a mail program: no cookie, no CSRF token, checks enforced."""
    return Client(enforce_csrf_checks=True)


def test_a_mention_of_someone_following_nothing_has_a_one_click_stop_for_mentions(
    client, forums, people, no_hold
):
    topic = make_topic(forums[PUBLIC], people["alice"])
    client.force_login(people["alice"])
    client.post(reply_url(topic), reply_form_data("Over to you, @bob"))
    (message,) = _to("bob@example.org")
    assert "To stop emails when someone mentions you" in message.body
    path = _one_click(message)
    assert _mail_program().post(path).status_code == 200
    assert MentionOptOut.objects.filter(user=people["bob"]).exists()
    mail.outbox.clear()
    client.post(reply_url(topic), reply_form_data("Again, @bob"))
    assert _to("bob@example.org") == []
    # A mention is stopped, not a follow: following the topic still emails.
    topic.subscribers.add(people["bob"])
    client.post(reply_url(topic), reply_form_data("And @bob once more"))
    assert len(_to("bob@example.org")) == 1


def test_the_forum_emails_page_turns_mention_emails_back_on(client, forums, people):
    MentionOptOut.objects.create(user=people["bob"])
    client.force_login(people["bob"])
    url = reverse("community_forum:email_settings")
    page = client.get(url).content.decode()
    checked = [tag for tag in re.findall(r"<input[^>]*>", page) if " checked" in tag]
    assert len(checked) == 1 and 'value="0"' in checked[0]  # "Do not email me"
    assert client.post(url, {}).status_code == 200  # nothing chosen: an error
    response = client.post(url, {"mentions": "1"}, follow=True)
    assert "We will email you when someone mentions you." in response.content.decode()
    assert not MentionOptOut.objects.filter(user=people["bob"]).exists()


def test_the_forum_emails_page_needs_a_sign_in(client, forums):
    response = client.get(reverse("community_forum:email_settings"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_digest_has_a_one_click_stop_for_every_digest(forums, people):
    for name in (PUBLIC, MEMBERS_ONLY):
        ForumSubscription.objects.create(
            user=people["bob"], forum=forums[name], daily_digest=True
        )
    ForumSubscription.objects.create(user=people["bob"], forum=forums[HELD])
    _, end = digest_period(timezone.now())
    for forum, subject in ((PUBLIC, "Fresh topic"), (MEMBERS_ONLY, "Members topic")):
        topic = make_topic(forums[forum], people["alice"], subject=subject)
        Topic.objects.filter(pk=topic.pk).update(created=end - timedelta(hours=1))
    call_command("forum_digest", verbosity=0)
    (message,) = _to("bob@example.org")
    assert "Fresh topic" in message.alternatives[0][0]
    assert _mail_program().post(_one_click(message)).status_code == 200
    left = ForumSubscription.objects.filter(user=people["bob"])
    # Every digest stops; the forum followed post by post is still followed.
    assert [s.forum.name for s in left] == [HELD]


def test_emails_a_person_must_get_have_no_unsubscribe(forums, people):
    from forum.notifications import email_member_warning, email_moderation_outcome

    topic = make_topic(forums[PUBLIC], people["alice"])
    email_moderation_outcome(
        people["alice"],
        kind="post",
        approved=False,
        subject="A <b>bold</b> subject",
        content="Line one\nLine <two>",
        topic=topic,
        reason="Off topic",
    )
    email_member_warning(people["alice"], "Please be kind", "An excerpt")
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "List-Unsubscribe" not in message.extra_headers
    html = mail.outbox[0].alternatives[0][0]
    assert "A &lt;b&gt;bold&lt;/b&gt; subject" in html  # escaped in HTML
    assert "Line &lt;two&gt;" in html
    assert "A <b>bold</b> subject" in mail.outbox[0].body  # plain in text
