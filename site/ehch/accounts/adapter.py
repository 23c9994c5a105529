"""allauth's account adapter: usernames never come from an email address."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import user_field, user_username
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest

from ehch.accounts.names import generated_username


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter (``ACCOUNT_ADAPTER``), making usernames from names.

    allauth's own fallback builds a username from the email address's first
    part. Sign-up sets the username from the display name before this runs
    (``MemberSignupForm.save``); any other path gets one from the real name.
    """

    def populate_username(self, request: HttpRequest, user: AbstractBaseUser) -> None:
        """Give ``user`` a generated username when it has none."""
        if user_username(user):
            return
        name = " ".join(
            part
            for part in (user_field(user, "first_name"), user_field(user, "last_name"))
            if part
        )
        user_username(user, generated_username(name))
