"""Sign up, verify the email address, wait, get approved, and post."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from machina.apps.forum_permission.handler import PermissionHandler

from ehch import roles
from ehch.accounts.models import MemberProfile, Status
from forum.structure import ensure_forum_tree

from .factories import moderator

pytestmark = pytest.mark.django_db

SIGNUP = {
    "name": "Priya Shah",
    "display_name": "Priya from Oak House",
    "email": "priya@example.org",
    "password1": "a long enough passphrase 42",
    "password2": "a long enough passphrase 42",
    "role": "care-home-manager",
    "organisation_type": "care-home",
    "region": "midlands",
    "leadership_level": "service",
}


def _link_in(message) -> str:
    return re.search(
        r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", message.body
    )[1]


def _can_start_topics(user) -> bool:
    user = get_user_model().objects.get(pk=user.pk)  # fresh group cache
    forum = next(f for f in ensure_forum_tree().values() if f.is_forum)
    return PermissionHandler().can_add_topic(forum, user)


def test_the_whole_journey_from_sign_up_to_posting(
    client, roles_ready, django_capture_on_commit_callbacks
):
    response = client.get("/accounts/signup/")
    assert response.status_code == 200
    assert b"Apply to join the network" in response.content

    response = client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"

    user = get_user_model().objects.get(email="priya@example.org")
    assert (user.first_name, user.last_name) == ("Priya", "Shah")
    profile = user.member_profile
    assert profile.status == Status.PENDING
    assert profile.display_name == "Priya from Oak House"
    assert profile.region == "midlands"
    assert not roles.is_approved_member(user)

    # Email verification is mandatory: signing in before it sends another link.
    assert len(mail.outbox) == 1
    link = _link_in(mail.outbox[0])
    client.logout()
    response = client.post(
        "/accounts/login/", {"login": SIGNUP["email"], "password": SIGNUP["password1"]}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session

    response = client.get(link)
    assert response.status_code == 200
    assert b"Confirm your email address" in response.content
    response = client.post(link)
    assert response.status_code == 302

    response = client.post(
        "/accounts/login/", {"login": SIGNUP["email"], "password": SIGNUP["password1"]}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)

    # Pending: can sign in and read, cannot post.
    assert client.get("/members/me/").status_code == 200
    assert not _can_start_topics(user)

    # A moderator approves from the admin queue; the member is emailed.
    mail.outbox.clear()
    moderator_client = client.__class__()
    moderator_client.force_login(moderator())
    queue = moderator_client.get("/admin/members/pending/")
    assert b"Priya from Oak House" in queue.content
    assert b"Name given: Priya Shah" in queue.content
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(f"/admin/members/{profile.pk}/approve/")
    assert response.status_code == 302

    profile.refresh_from_db()
    assert profile.status == Status.APPROVED
    assert profile.decided_by is not None and profile.decided_at is not None
    assert roles.is_approved_member(user)
    assert [m.to for m in mail.outbox] == [["priya@example.org"]]
    assert "approved" in mail.outbox[0].body
    assert _can_start_topics(user)


def test_sign_up_with_missing_answers_shows_every_error_and_saves_nothing(client):
    data = {**SIGNUP, "role": "", "region": "", "name": ""}
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert 'href="#id_role_0"' in content
    assert "Select your role" in content
    assert "Enter your name" in content
    assert not get_user_model().objects.filter(email="priya@example.org").exists()
    assert MemberProfile.objects.count() == 0


def test_sign_up_refuses_a_weak_password(client):
    data = {**SIGNUP, "password1": "password", "password2": "password"}
    response = client.post("/accounts/signup/", data)
    assert response.status_code == 200
    assert b"This password is too short" in response.content
    assert not get_user_model().objects.filter(email="priya@example.org").exists()


def test_sign_up_with_an_impossible_choice_is_an_error_not_a_crash(client):
    response = client.post("/accounts/signup/", {**SIGNUP, "region": "atlantis"})
    assert response.status_code == 200
    assert b"Select a valid choice" in response.content


def test_profile_is_not_half_saved_when_the_profile_cannot_be_created(
    client, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("ehch.accounts.forms.create_pending_profile", broken)
    with pytest.raises(RuntimeError):
        client.post("/accounts/signup/", SIGNUP)
    assert not get_user_model().objects.filter(email="priya@example.org").exists()
