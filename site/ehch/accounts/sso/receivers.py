"""Receivers for allauth's signals: approval by email domain, the provider used."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest

from ehch.accounts.membership import approve_by_email_domain
from ehch.accounts.sso.logout import remember_provider


def approve_by_domain_after_signup(
    sender, request: HttpRequest, user, **kwargs
) -> None:
    """A new account whose address a provider verified may be approved at once."""
    transaction.on_commit(lambda: approve_by_email_domain(user))


def approve_by_domain_after_confirmation(
    sender, request: HttpRequest, email_address, **kwargs
) -> None:
    """Following the emailed link verifies the address: check its domain."""
    user = email_address.user
    transaction.on_commit(lambda: approve_by_email_domain(user))


def remember_provider_at_login(sender, request: HttpRequest, user, **kwargs) -> None:
    """Remember the provider of an organisation sign-in, for signing out there."""
    sociallogin = kwargs.get("sociallogin")
    if sociallogin is not None and request is not None:
        remember_provider(request, sociallogin.account.provider)
