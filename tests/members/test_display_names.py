"""Sign-up asks for the name others see; the username is made, never an address."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from ehch.accounts.names import public_name

from .factories import PASSWORD, MemberProfileFactory, UserFactory, approved_member
from .test_signup_journey import SIGNUP

pytestmark = pytest.mark.django_db

User = get_user_model()


def _sign_up(client, **changes):
    return client.post("/accounts/signup/", {**SIGNUP, **changes})


def test_the_sign_up_form_asks_for_the_name_shown_and_no_username(client):
    content = client.get("/accounts/signup/").content.decode()
    assert 'name="display_name"' in content
    assert "Name shown to other members" in content
    assert 'name="username"' not in content


def test_sign_up_makes_a_username_from_the_display_name_with_no_at_sign(client):
    response = _sign_up(
        client, email="priya.secret@example.org", display_name="Priya S."
    )
    assert response.status_code == 302
    user = User.objects.get(email="priya.secret@example.org")
    assert "@" not in user.username
    assert "secret" not in user.username  # nothing taken from the address
    assert user.username.startswith("priya_s")
    assert user.member_profile.display_name == "Priya S."


def test_a_username_typed_into_the_form_is_ignored(client):
    _sign_up(client, username="priya@example.org")
    user = User.objects.get(email="priya@example.org")
    assert "@" not in user.username


def test_the_display_name_defaults_to_the_real_name(client):
    _sign_up(client, display_name="", name="Priya Shah")
    user = User.objects.get(email="priya@example.org")
    assert user.member_profile.display_name == "Priya Shah"
    assert user.username.startswith("priya_shah")


def test_an_email_address_as_the_display_name_is_refused_plainly(client):
    response = _sign_up(client, display_name="someone@example.org")
    assert response.status_code == 200
    content = response.content.decode()
    assert "There is a problem" in content
    assert "must not be an email address" in content
    assert 'href="#id_display_name"' in content
    assert not User.objects.filter(email="priya@example.org").exists()


def test_an_email_address_as_the_real_name_is_refused_too(client):
    response = _sign_up(client, name="priya@example.org", display_name="")
    assert response.status_code == 200
    assert "Enter your name, not your email address" in response.content.decode()
    assert not User.objects.filter(email="priya@example.org").exists()


def test_a_new_member_signs_in_with_their_email_address(client):
    _sign_up(client)
    user = User.objects.get(email="priya@example.org")
    user.emailaddress_set.update(verified=True)
    client.logout()
    response = client.post(
        "/accounts/login/",
        {"login": "priya@example.org", "password": SIGNUP["password1"]},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_member_cannot_change_their_display_name_to_an_email_address(client):
    member = approved_member()
    client.force_login(member)
    response = client.post(
        "/members/me/",
        {
            "display_name": "me@example.org",
            "role": "gp",
            "organisation_type": "general-practice",
            "region": "london",
            "leadership_level": "system",
        },
    )
    assert response.status_code == 200
    assert "must not be an email address" in response.content.decode()
    member.member_profile.refresh_from_db()
    assert "@" not in member.member_profile.display_name


def test_public_name_is_never_the_username():
    no_profile = UserFactory(username="x@example.org", first_name="", last_name="")
    assert public_name(no_profile) == "Member"
    named = UserFactory(username="y@example.org", first_name="Yan", last_name="Wu")
    assert public_name(named) == "Yan Wu"
    profiled = MemberProfileFactory(display_name="Dr Zee").user
    assert public_name(profiled) == "Dr Zee"
    assert public_name(None) == "Former member"


def test_the_migration_replaces_usernames_that_are_email_addresses():
    migration = importlib.import_module(
        "ehch.accounts.migrations.0003_replace_usernames_that_are_email_addresses"
    )
    taken = UserFactory(username="sam_jones")
    with_profile = MemberProfileFactory(
        user=UserFactory(username="sam@example.org"), display_name="Sam Jones"
    ).user
    named = UserFactory(username="Kim@Example.org", first_name="Kim", last_name="Lee")
    nameless = UserFactory(username="x+y@example.org", first_name="", last_name="")
    untouched = UserFactory(username="plain-name")
    migration.replace_email_usernames(apps, None)
    for user in (with_profile, named, nameless, untouched, taken):
        user.refresh_from_db()
    assert with_profile.username == "sam_jones2"  # "sam_jones" was taken
    assert named.username == "kim_lee"
    assert nameless.username == "member"
    assert untouched.username == "plain-name"
    assert not User.objects.filter(username__contains="@").exists()
    # Sign-in is by email address, so nothing changes for the member.
    assert with_profile.check_password(PASSWORD)
