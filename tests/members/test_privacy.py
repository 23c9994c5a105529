"""Data export and account deletion (UK GDPR rights)."""

import json

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from machina.test.factories import PostFactory, create_forum, create_topic

from ehch.accounts.models import MemberProfile
from ehch.accounts.privacy import public_name

from .factories import PASSWORD, approved_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def conversation():
    """A topic with one post by each of two members; the first follows it."""
    me, other = approved_member(), approved_member()
    topic = create_topic(forum=create_forum(), poster=me, subject="Falls at night")
    mine = PostFactory(topic=topic, poster=me, subject="Falls", content="My words")
    theirs = PostFactory(topic=topic, poster=other, subject="Re", content="Not mine")
    topic.subscribers.add(me)
    other_topic = create_topic(forum=topic.forum, poster=other, subject="Secret")
    PostFactory(topic=other_topic, poster=other, subject="Secret", content="Hidden")
    other_topic.subscribers.add(other)
    return {"me": me, "other": other, "mine": mine, "theirs": theirs, "topic": topic}


def test_export_holds_my_profile_posts_and_subscriptions_and_nobody_elses(
    client, conversation
):
    me, other = conversation["me"], conversation["other"]
    client.force_login(me)
    response = client.get("/members/me/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == me.email
    assert data["profile"]["display_name"] == me.member_profile.display_name
    assert [p["id"] for p in data["forum_posts"]] == [conversation["mine"].pk]
    assert data["forum_posts"][0]["content"] == "My words"
    assert [t["topic_id"] for t in data["topic_subscriptions"]] == [
        conversation["topic"].pk
    ]
    text = response.content.decode()
    assert other.email not in text
    assert "Not mine" not in text
    assert "Secret" not in text
    assert other.member_profile.display_name not in text


def test_export_needs_a_signed_in_member(client):
    response = client.get("/members/me/export/")
    assert response.status_code == 302


def test_deleting_an_account_removes_personal_data_and_keeps_threads(
    client, conversation
):
    me = conversation["me"]
    old_email, old_username = me.email, me.username
    AccessAttempt.objects.create(
        username=old_email, ip_address="10.0.0.1", failures_since_start=2
    )
    client.force_login(me)
    assert client.get("/members/me/delete/").status_code == 200
    response = client.post(
        "/members/me/delete/", {"password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session

    me.refresh_from_db()
    assert me.username == f"former-member-{me.pk}"
    assert me.email == ""
    assert me.last_name == ""
    assert not me.is_active
    assert not me.has_usable_password()
    assert not me.groups.exists()
    assert not MemberProfile.objects.filter(user=me).exists()
    assert not EmailAddress.objects.filter(user=me).exists()
    assert not AccessAttempt.objects.filter(username=old_email).exists()
    assert not me.topic_subscriptions.exists()
    assert public_name(me) == "Former member"
    assert not get_user_model().objects.filter(username=old_username).exists()
    # The thread still reads: both posts are there, mine by a former member.
    posts = conversation["topic"].posts.order_by("pk")
    assert [p.poster_id for p in posts] == [me.pk, conversation["other"].pk]
    assert str(posts[0].content) == "My words"
    # And the account cannot be used again.
    response = client.post(
        "/accounts/login/", {"login": old_email, "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session


def test_deletion_needs_the_password_and_the_confirmation(client):
    member = approved_member()
    client.force_login(member)
    response = client.post("/members/me/delete/", {"password": "wrong"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "The password is not right" in content
    assert "Confirm that you want to delete your account" in content
    member.refresh_from_db()
    assert member.is_active
