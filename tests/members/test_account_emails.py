"""allauth's emails: our words, a text and an HTML part, links on SITE_URL.

Each email people get about their account (confirming an address, resetting a
password, an unknown address, an address that already has an account) is sent
through the real sign-up and reset forms, and read as a mail program would.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import override_settings

from .factories import UserFactory
from .test_signup_journey import SIGNUP

pytestmark = pytest.mark.django_db

SITE = "https://network.example.org"


def _parts(message) -> tuple[str, str]:
    html = [body for body, kind in message.alternatives if kind == "text/html"]
    assert len(html) == 1, "no HTML part"
    return message.body, html[0]


def _links(text: str) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", text)


def _check(message, subject: str, link_path: str) -> None:
    text, html = _parts(message)
    assert message.subject == f"[EHCH Learning Network] {subject}"
    for part in (text, html):
        links = _links(part)
        assert any(link.startswith(SITE + link_path) for link in links), links
        assert all(link.startswith(SITE) for link in links), links
        assert "testserver" not in part
        assert "localhost" not in part
        assert "example.com" not in part
    assert 'lang="en-GB"' in html
    assert "Hello," in text


@override_settings(SITE_URL=SITE)
def test_the_sign_up_confirmation_is_ours_multipart_and_on_the_site_address(client):
    client.post("/accounts/signup/", SIGNUP)
    (message,) = mail.outbox
    _check(message, "Confirm your email address", "/accounts/confirm-email/")
    assert "Confirm my email address" in _parts(message)[1]


@override_settings(SITE_URL=SITE)
def test_a_password_reset_is_ours_multipart_and_on_the_site_address(client):
    UserFactory(email="known@example.org")
    client.post("/accounts/password/reset/", {"email": "known@example.org"})
    (message,) = mail.outbox
    _check(message, "Reset your password", "/accounts/password/reset/key/")


@override_settings(SITE_URL=SITE)
def test_a_reset_for_an_unknown_address_says_so_plainly(client):
    client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    (message,) = mail.outbox
    _check(message, "There is no account for this email address", "/accounts/signup/")


@override_settings(SITE_URL=SITE)
def test_signing_up_again_tells_the_owner_and_offers_a_reset(client):
    UserFactory(email=SIGNUP["email"])
    client.post("/accounts/signup/", SIGNUP)
    (message,) = mail.outbox
    _check(message, "You already have an account", "/accounts/password/reset/")
