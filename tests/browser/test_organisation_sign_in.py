"""Organisation sign-in in a real browser, through the real Keycloak.

Chromium presses "Sign in with your organisation account" on the live site,
types the password into Keycloak's own sign-in page, answers the membership
questions and arrives back signed in: as a member straight away when the
address is at an approved domain, waiting for a moderator otherwise.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from ehch import roles
from ehch.accounts.models import ApprovedEmailDomain, Status
from forum.structure import ensure_forum_tree
from tests.forum.conftest import MEMBERS_ONLY, new_topic_url
from tests.members.sso.keycloak import EMAILS, PASSWORDS

from .axe import run_axe

pytestmark = pytest.mark.django_db(transaction=True)

ANSWERS = {
    "role": "care-home-manager",
    "organisation_type": "care-home",
    "region": "north-west",
    "leadership_level": "service",
}


def _sign_in_through_keycloak(page, username: str) -> None:
    page.goto("/accounts/login/")
    with page.expect_navigation():
        page.get_by_role(
            "button", name="Sign in with your organisation account"
        ).click()
    # Keycloak's own page, on its own address.
    assert "/realms/ehch-test/" in page.url, page.url
    page.fill("#username", username)
    page.fill("#password", PASSWORDS[username])
    with page.expect_navigation():
        page.click("#kc-login")


def _answer_the_questions(page) -> None:
    assert page.url.endswith("/accounts/organisation/signup/"), page.url
    assert page.locator("input[name=name]").count() == 0  # Keycloak gave it
    for name, value in ANSWERS.items():
        page.check(f"input[name={name}][value={value}]")
    with page.expect_navigation():
        page.get_by_role("button", name="Join the network").click()


def test_a_member_at_an_approved_domain_signs_in_and_can_post(page, keycloak_url):
    ApprovedEmailDomain.objects.create(domain="nhs.example", organisation="NHS test")
    forum = ensure_forum_tree()[MEMBERS_ONLY]
    _sign_in_through_keycloak(page, "amira")
    result = run_axe(page, "Organisation sign-up questions")
    assert not result.violations, result.describe()
    _answer_the_questions(page)

    user = get_user_model().objects.get(email=EMAILS["amira"])
    assert user.member_profile.status == Status.APPROVED
    assert user.member_profile.approved_domain == "nhs.example"
    assert user.groups.filter(name=roles.MEMBERS).exists()
    # The members-only forum's new-topic form is open to her at once.
    answer = page.goto(new_topic_url(forum))
    assert answer.status == 200
    assert page.locator("main form input[name=subject]").count() == 1


def test_a_member_at_another_domain_waits_for_a_moderator(page, keycloak_url):
    ApprovedEmailDomain.objects.create(domain="nhs.example", organisation="NHS test")
    _sign_in_through_keycloak(page, "ben")
    _answer_the_questions(page)
    profile = get_user_model().objects.get(email=EMAILS["ben"]).member_profile
    assert profile.status == Status.PENDING
    assert not profile.user.groups.filter(name=roles.MEMBERS).exists()
    # Signed in, and told what waiting means.
    page.goto("/members/me/")
    assert "Your application is waiting for a moderator" in page.content()
