"""The names people see: display names, never usernames, never email addresses.

A member chooses the name others see (``MemberProfile.display_name``) when
they sign up. The username is made by the site from that name: it is only a
key for the account, never shown to anyone, and never contains an ``@``.
Members sign in with their email address. A member who deleted their account
is shown as "Former member".
"""

from __future__ import annotations

import re

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ObjectDoesNotExist, ValidationError

FORMER_MEMBER = "Former member"
# Where a member without a profile and without a name (an account made in the
# admin) is shown: never their username.
UNNAMED_MEMBER = "Member"
# The username a deleted account keeps (see ``privacy.delete_member_account``).
FORMER_MEMBER_USERNAME_PREFIX = "former-member-"
# Generated usernames keep letters, digits, "_", "." and "-": no "@" or "+", so
# no username can be, or look like, an email address.
USERNAME_UNSAFE = r"[^\w\s.-]"

_EMAIL_LIKE = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
_RESERVED_NAMES = {FORMER_MEMBER.lower(), "former-member", "moderator", "admin"}


def looks_like_email(text: str) -> bool:
    """True when ``text`` is, or contains, something shaped like an email address."""
    return bool(_EMAIL_LIKE.search(text or ""))


def validate_display_name(name: str) -> None:
    """Refuse a name that is an email address or pretends to be someone else.

    Raises:
        ValidationError: with a message for the member.
    """
    if looks_like_email(name):
        raise ValidationError(
            "Your name shown to other members must not be an email address",
            code="email_as_name",
        )
    if name.strip().lower() in _RESERVED_NAMES:
        raise ValidationError(
            "Choose another name: this one is used by the site", code="reserved"
        )


def validate_real_name(name: str) -> None:
    """Refuse an email address typed where the member's name belongs.

    Raises:
        ValidationError: with a message for the member.
    """
    if looks_like_email(name):
        raise ValidationError(
            "Enter your name, not your email address", code="email_as_name"
        )


def generated_username(display_name: str) -> str:
    """A new, unused username made from ``display_name``, with no ``@`` in it.

    allauth's generator (through the site's adapter, so its blocked names
    apply) adds letters when the name is taken. Not unique against a sign-up
    committing at the same moment; the database's unique constraint is the
    last word there, as in allauth itself.
    """
    from allauth.account.adapter import get_adapter

    return get_adapter().generate_unique_username(
        [display_name, "member"], regex=USERNAME_UNSAFE
    )


def is_former_member(user: AbstractBaseUser) -> bool:
    """True for an account that its member deleted."""
    return not user.is_active and user.get_username().startswith(
        FORMER_MEMBER_USERNAME_PREFIX
    )


def public_name(user: AbstractBaseUser | None) -> str:
    """The name other people see for ``user``: never a username or email address.

    Reads ``user.member_profile``, so a list of people costs no query per
    person when it is fetched with ``select_related("…__member_profile")``.
    ``None`` (an account that no longer exists) is a former member.
    """
    if user is None or is_former_member(user):
        return FORMER_MEMBER
    try:
        profile = user.member_profile
    except (AttributeError, ObjectDoesNotExist):
        profile = None
    if profile is not None and profile.display_name:
        return profile.display_name
    full_name = user.get_full_name().strip()
    if full_name and not looks_like_email(full_name):
        return full_name
    return UNNAMED_MEMBER
