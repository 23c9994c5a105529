"""Organisation sign-in through the real Keycloak: the code flow with PKCE."""

from __future__ import annotations

import html
import re
import socket
from urllib.parse import urljoin

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.internal import statekit
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ehch import roles
from ehch.accounts.models import ApprovedEmailDomain, MemberProfile, Status
from tests.members.factories import (
    PASSWORD,
    MemberProfileFactory,
    UserFactory,
    in_groups,
)
from tests.members.sso import keycloak as kc

User = get_user_model()

ANSWERS = {
    "display_name": "",
    "role": "gp",
    "organisation_type": "general-practice",
    "region": "london",
    "leadership_level": "service",
}


def ben_already_a_member():
    """Ben joined with email and password before his organisation offered sign-in."""
    existing = UserFactory(username="ben-local", email=kc.EMAILS["ben"])
    MemberProfileFactory(
        user=existing, status=Status.APPROVED, decided_at=timezone.now()
    )
    return existing


@pytest.fixture
def nhs_domain(db):
    """The editors have approved the domain nhs.example."""
    return ApprovedEmailDomain.objects.create(
        domain="nhs.example", organisation="The test NHS organisation"
    )


def test_sign_in_page_offers_the_organisation_account(client, keycloak):
    for name in ("account_login", "account_signup"):
        page = client.get(reverse(name)).content.decode()
        assert "Sign in with your organisation account" in page
        assert 'action="/accounts/oidc/keycloak/login/?process=login"' in page


def test_the_code_flow_starts_with_pkce(client, keycloak):
    started = kc.start(client)
    assert started.status_code == 302
    assert started["Location"].startswith(
        f"{keycloak}/realms/{kc.REALM}/protocol/openid-connect/auth?"
    )
    asked = kc.query(started["Location"])
    assert asked["response_type"] == "code"
    assert asked["client_id"] == "ehch"
    assert asked["code_challenge_method"] == "S256"
    assert len(asked["code_challenge"]) >= 43
    assert "openid" in asked["scope"].split()
    assert asked["state"]


def test_first_sign_in_asks_only_what_the_provider_did_not_give(client, keycloak):
    answer, _ = kc.sign_in(client, "amira")
    assert answer.status_code == 302
    assert answer["Location"] == reverse("socialaccount_signup")
    form = client.get(answer["Location"])
    assert form.status_code == 200
    fields = form.context["form"].fields
    assert "name" not in fields  # Keycloak gave Amira Hassan
    assert fields["email"].disabled  # and a verified address
    assert {"role", "organisation_type", "region", "leadership_level"} <= set(fields)
    assert "password1" not in fields
    assert not User.objects.exists()  # nothing saved before the answers


def test_approved_domain_member_joins_and_can_post_at_once(
    client, keycloak, nhs_domain, django_capture_on_commit_callbacks
):
    from forum.structure import ensure_forum_tree
    from tests.forum.conftest import MEMBERS_ONLY, new_topic_url, topic_form_data

    forums = ensure_forum_tree()
    kc.sign_in(client, "amira")
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("socialaccount_signup"), ANSWERS)
    assert answer.status_code == 302, answer.content[:2000]

    user = User.objects.get(email=kc.EMAILS["amira"])
    assert (user.first_name, user.last_name) == ("Amira", "Hassan")
    assert not user.has_usable_password()
    account = SocialAccount.objects.get(user=user)
    assert account.provider == "keycloak"
    assert EmailAddress.objects.get(user=user).verified
    profile = user.member_profile
    assert profile.status == Status.APPROVED
    assert profile.approved_domain == "nhs.example"
    assert profile.decided_by is None and profile.decided_at is not None
    assert user.groups.filter(name=roles.MEMBERS).exists()
    assert [m.to for m in mail.outbox] == [[kc.EMAILS["amira"]]]
    assert "nhs.example, a domain the network approves" in mail.outbox[0].body

    # Signed in, and the members-only forum takes a new topic straight away.
    forum = forums[MEMBERS_ONLY]
    assert client.get(new_topic_url(forum)).status_code == 200
    posted = client.post(
        new_topic_url(forum), topic_form_data("Our first month", "What we tried.")
    )
    assert posted.status_code == 302
    assert forum.topics.filter(subject="Our first month", poster=user).exists()
    mine = client.get(reverse("members:me")).content.decode()
    assert "You can sign in with your organisation account." in mine
    assert "because your email address is at nhs.example" in mine
    assert "Set a password" in mine


def test_member_at_another_domain_waits_for_a_moderator(
    client, keycloak, nhs_domain, django_capture_on_commit_callbacks
):
    in_groups(UserFactory(), roles.MODERATORS)
    kc.sign_in(client, "ben")
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("socialaccount_signup"), ANSWERS)
    assert answer.status_code == 302
    profile = MemberProfile.objects.get(user__email=kc.EMAILS["ben"])
    assert profile.status == Status.PENDING
    assert profile.approved_domain == ""
    assert not profile.user.groups.filter(name=roles.MEMBERS).exists()
    assert any("New member application" in m.subject for m in mail.outbox)


def test_unverified_provider_address_is_checked_before_domain_approval(
    client, keycloak, nhs_domain, django_capture_on_commit_callbacks
):
    kc.sign_in(client, "chloe")  # Keycloak has not verified Chloe's address
    form = client.get(reverse("socialaccount_signup")).context["form"]
    assert not form.fields["email"].disabled
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            reverse("socialaccount_signup"), {**ANSWERS, "email": kc.EMAILS["chloe"]}
        )
    assert answer.status_code == 302
    profile = MemberProfile.objects.get(user__email=kc.EMAILS["chloe"])
    assert profile.status == Status.PENDING  # an unverified address proves nothing
    confirmation = next(m for m in mail.outbox if "/accounts/confirm-email/" in m.body)
    link = next(
        word for word in confirmation.body.split() if "/accounts/confirm-email/" in word
    )
    path = link[link.index("/accounts/") :]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path)
    profile.refresh_from_db()
    assert profile.status == Status.APPROVED
    assert profile.approved_domain == "nhs.example"


def test_existing_member_is_linked_only_after_their_password(client, keycloak):
    existing = ben_already_a_member()

    answer, _ = kc.sign_in(client, "ben")
    assert answer.status_code == 302
    assert answer["Location"] == reverse("account_sso_link")
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.exists()
    page = client.get(answer["Location"]).content.decode()
    assert kc.EMAILS["ben"] in page

    wrong = client.post(reverse("account_sso_link"), {"password": "not it"})
    assert wrong.status_code == 400
    assert "The password is not right" in wrong.content.decode()
    assert not SocialAccount.objects.exists()
    assert "_auth_user_id" not in client.session

    right = client.post(reverse("account_sso_link"), {"password": PASSWORD})
    assert right.status_code == 302
    assert SocialAccount.objects.get().user == existing
    assert int(client.session["_auth_user_id"]) == existing.pk
    assert User.objects.count() == 1
    mine = client.get(reverse("members:me")).content.decode()
    assert (
        "You can sign in with your organisation account or with your email "
        "address and password." in mine
    )

    # From now on the organisation account signs Ben in directly.
    client.logout()
    again, _ = kc.sign_in(client, "ben")
    assert again.status_code == 302
    assert again["Location"] != reverse("account_sso_link")
    assert int(client.session["_auth_user_id"]) == existing.pk


def test_a_token_meant_for_another_service_too_is_refused(
    client, keycloak, add_provider
):
    add_provider(
        "wrongaud",
        f"{keycloak}/realms/{kc.REALM}",
        "ehch-wrong-audience",
        "ehch-wrong-audience-secret",
    )
    answer, _ = kc.sign_in(client, "amira", provider_id="wrongaud")
    assert answer.status_code == 400
    assert "not meant only for this network" in answer.content.decode()
    assert not User.objects.exists()
    assert not SocialAccount.objects.exists()
    assert "socialaccount_sociallogin" not in client.session


def test_a_replayed_callback_is_refused(client, keycloak):
    first, path = kc.sign_in(client, "amira")
    assert first.status_code == 302
    again = client.get(path)
    assert again.status_code == 400
    assert "This sign-in has expired" in again.content.decode()
    assert not User.objects.exists()


def test_a_callback_in_another_browser_is_refused(client, keycloak):
    started = kc.start(client)
    location = kc.sign_in_at_provider(kc.browser(), started["Location"], "amira")
    elsewhere = Client().get(kc.callback_path(location))
    assert elsewhere.status_code == 400
    assert "This sign-in has expired" in elsewhere.content.decode()
    assert not User.objects.exists()


def test_an_expired_sign_in_is_refused(client, keycloak):
    started = kc.start(client)
    session = client.session
    states = session[statekit.STATES_SESSION_KEY]
    session[statekit.STATES_SESSION_KEY] = {
        key: (state, stamp - statekit.STATE_TTL - 1, provider)
        for key, (state, stamp, provider) in states.items()
    }
    session.save()
    location = kc.sign_in_at_provider(kc.browser(), started["Location"], "amira")
    answer = client.get(kc.callback_path(location))
    assert answer.status_code == 400
    assert "This sign-in has expired" in answer.content.decode()
    assert not User.objects.exists()


def test_a_provider_that_is_down_gets_a_clear_message(client, keycloak, add_provider):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    add_provider("down", f"http://127.0.0.1:{port}/realms/gone", "ehch", "x")
    answer = kc.start(client, "down")
    assert answer.status_code == 503
    page = answer.content.decode()
    assert "Organisation sign-in is not working just now" in page
    assert "sign in with your email address and password" in page
    assert not User.objects.exists()


def test_signing_out_ends_the_session_here_and_at_keycloak(client, keycloak, settings):
    # The address Keycloak sends the person back to must be one the realm
    # lists for the client ("http://testserver/*").
    settings.SITE_URL = "http://testserver"
    ben_already_a_member()
    browser = kc.browser()
    kc.sign_in(client, "ben", tab=browser)
    client.post(reverse("account_sso_link"), {"password": PASSWORD})
    assert "_auth_user_id" in client.session

    out = client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session
    assert out.status_code == 302
    assert out["Location"].startswith(
        f"{keycloak}/realms/{kc.REALM}/protocol/openid-connect/logout?"
    )
    asked = kc.query(out["Location"])
    assert asked["client_id"] == "ehch"
    assert asked["post_logout_redirect_uri"].endswith("/")

    # Keycloak asks the person to confirm, then sends them back to us...
    confirm = browser.get(out["Location"], timeout=20)
    assert confirm.status_code == 200, (out["Location"], confirm.text[:1500])
    action = urljoin(
        confirm.url,
        html.unescape(re.search(r'<form[^>]*action="([^"]+)"', confirm.text)[1]),
    )
    fields = dict(
        re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', confirm.text)
    )
    back = browser.post(action, data=fields, allow_redirects=False, timeout=20)
    assert back.status_code in (302, 303)
    assert back.headers["Location"] == asked["post_logout_redirect_uri"]
    # ...and its own session is over: the next sign-in asks for the password.
    started = kc.start(client)
    page = browser.get(started["Location"], allow_redirects=False, timeout=20)
    assert page.status_code == 200
    assert 'id="kc-form-login"' in page.text


def test_a_password_sign_out_stays_here(client, db):
    user = UserFactory()
    client.force_login(user)
    out = client.post(reverse("account_logout"))
    assert out.status_code == 302
    assert out["Location"] == "/"
