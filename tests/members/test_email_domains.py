"""Approval by email domain: the editors' list, verified addresses only, audited."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from ehch import roles
from ehch.accounts.membership import approve_by_email_domain
from ehch.accounts.models import ApprovedEmailDomain, Status

from .factories import MemberProfileFactory, UserFactory, editor, moderator

pytestmark = pytest.mark.django_db


def _pending(email: str, verified: bool = True):
    user = UserFactory(email=email)
    EmailAddress.objects.filter(user=user).update(verified=verified)
    MemberProfileFactory(user=user, status=Status.PENDING)
    return user


@pytest.fixture
def domains():
    ApprovedEmailDomain.objects.create(domain="nhs.net", organisation="NHS mail")
    ApprovedEmailDomain.objects.create(
        domain="nhs.uk", include_subdomains=True, organisation="NHS trusts"
    )


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("sam@nhs.net", "nhs.net"),
        ("Sam@NHS.Net", "nhs.net"),
        ("sam@trust.nhs.uk", "nhs.uk"),
        ("sam@a.b.nhs.uk", "nhs.uk"),
        ("sam@nhs.uk", "nhs.uk"),
        ("sam@mail.nhs.net", None),  # nhs.net's subdomains are not included
        ("sam@fakenhs.net", None),
        ("sam@nhs.net.evil.example", None),
        ("sam@example.org", None),
        ("not-an-address", None),
    ],
)
def test_which_addresses_an_entry_approves(domains, email, expected):
    found = ApprovedEmailDomain.objects.matching(email)
    assert (found.domain if found else None) == expected


def test_the_most_specific_entry_is_recorded(domains):
    ApprovedEmailDomain.objects.create(domain="trust.nhs.uk", organisation="A trust")
    assert ApprovedEmailDomain.objects.matching("a@trust.nhs.uk").domain == (
        "trust.nhs.uk"
    )


@pytest.mark.parametrize(
    "typed", ["sam@nhs.net", "https://nhs.net", "nhs", "nhs..net", "nhs net", ".net"]
)
def test_an_entry_must_be_a_bare_domain(typed):
    entry = ApprovedEmailDomain(domain=typed, organisation="x")
    with pytest.raises(ValidationError):
        entry.full_clean()


def test_domains_are_kept_in_lower_case():
    entry = ApprovedEmailDomain.objects.create(domain="NHS.Net.", organisation="x")
    assert entry.domain == "nhs.net"


def test_a_verified_address_at_an_approved_domain_is_approved_and_told_why(
    domains, django_capture_on_commit_callbacks
):
    user = _pending("sam@trust.nhs.uk")
    with django_capture_on_commit_callbacks(execute=True):
        profile = approve_by_email_domain(user)
    assert profile.status == Status.APPROVED
    assert profile.approved_domain == "nhs.uk"
    assert profile.decided_by is None
    assert user.groups.filter(name=roles.MEMBERS).exists()
    (sent,) = mail.outbox
    assert "nhs.uk, a domain the network approves" in sent.body
    assert "A moderator has approved" not in sent.body


def test_an_unverified_address_is_not_approved(domains):
    user = _pending("sam@nhs.net", verified=False)
    assert approve_by_email_domain(user) is None
    assert user.member_profile.status == Status.PENDING


def test_an_address_elsewhere_is_not_approved(domains):
    user = _pending("sam@example.org")
    assert approve_by_email_domain(user) is None


def test_a_rejected_member_is_not_approved_by_their_domain(domains):
    user = _pending("sam@nhs.net")
    user.member_profile.status = Status.REJECTED
    user.member_profile.decided_at = "2026-01-01T00:00Z"
    user.member_profile.save()
    assert approve_by_email_domain(user) is None
    user.member_profile.refresh_from_db()
    assert user.member_profile.status == Status.REJECTED


def test_password_sign_up_at_an_approved_domain_joins_once_the_link_is_followed(
    client, domains, django_capture_on_commit_callbacks
):
    from tests.members.test_signup_journey import SIGNUP

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_signup"), {**SIGNUP, "email": "sam@nhs.net"})
    profile = EmailAddress.objects.get(email="sam@nhs.net").user.member_profile
    assert profile.status == Status.PENDING  # typing an address proves nothing
    link = next(
        word
        for message in mail.outbox
        for word in message.body.split()
        if "/accounts/confirm-email/" in word
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link[link.index("/accounts/") :])
    profile.refresh_from_db()
    assert profile.status == Status.APPROVED
    assert profile.approved_domain == "nhs.net"


def test_the_decisions_list_shows_who_or_which_domain_decided(
    client, domains, roles_ready
):
    _pending("amira@nhs.net")
    approve_by_email_domain(EmailAddress.objects.get(email="amira@nhs.net").user)
    client.force_login(moderator())
    page = client.get(reverse("members_decisions"))
    assert page.status_code == 200
    assert "Approved email domain nhs.net" in page.content.decode()


def test_editors_keep_the_list_of_domains(client, roles_ready):
    client.force_login(editor())
    listing = client.get("/admin/snippets/members/approvedemaildomain/")
    assert listing.status_code == 200
    added = client.post(
        "/admin/snippets/members/approvedemaildomain/add/",
        {"domain": "kent.gov.uk", "organisation": "Kent County Council"},
    )
    assert added.status_code == 302
    assert ApprovedEmailDomain.objects.filter(domain="kent.gov.uk").exists()
