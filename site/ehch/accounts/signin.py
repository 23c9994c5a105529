"""One sign-in policy for every door that can create a session.

The doors: allauth's sign-in (``/accounts/login/``, members), Wagtail's admin
(``/admin/login/``), Django's admin (``/django-admin/login/``) and Wagtail's
private-page sign-in (``/_util/login/``), which only sends people to ours.
All of them authenticate through the same backends, so axes' lock-out
(``ehch.accounts.lockout``) applies to each; :func:`session_refusal` is the one
place that says who may have a session at which door. allauth itself refuses
an unverified address (``ACCOUNT_EMAIL_VERIFICATION = "mandatory"``) and sends
a new link instead.

Password resets, at allauth's and Wagtail's admin routes, are limited per
address and per account with :func:`password_reset_limited`.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from urllib.parse import urlencode

from allauth.account.models import EmailAddress
from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from ehch.accounts.lockout import account_key
from ehch.accounts.ratelimit import client_ip, rate_limited


class Door(Enum):
    """Where someone signs in, and so whom it is for."""

    MEMBERS = "members"
    WAGTAIL_ADMIN = "wagtail-admin"
    DJANGO_ADMIN = "django-admin"


def has_verified_email(user: AbstractBaseUser) -> bool:
    """Whether the account has confirmed at least one email address."""
    return EmailAddress.objects.filter(user=user, verified=True).exists()


def may_use(user: AbstractBaseUser, door: Door) -> bool:
    """Whether the account is staff for the admin behind ``door``."""
    if door is Door.WAGTAIL_ADMIN:
        return user.has_perm("wagtailadmin.access_admin")
    if door is Door.DJANGO_ADMIN:
        return user.is_staff
    return True


def session_refusal(user: AbstractBaseUser, door: Door) -> str | None:
    """Why ``user`` may not have a session through ``door``, or None if they may.

    Only asked once the password has been checked, so the answer goes to the
    account's owner.
    """
    if not user.is_active:
        return "This account is not active."
    if not has_verified_email(user):
        return (
            "You need to confirm your email address before you can sign in. "
            "Sign in on the members' sign-in page and we will send you a new link."
        )
    if not may_use(user, door):
        return (
            "This sign-in is for staff who run the site. "
            "Members sign in on the members' sign-in page."
        )
    return None


class _StaffDoorMixin:
    door: Door

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Usernames are made by the site and never shown (ehch.accounts.names):
        # staff who joined as members know their email address, which works.
        if "username" in self.fields:
            field = self.fields["username"]
            field.label = "Email address or username"
            field.widget.attrs["placeholder"] = "Enter your email address"

    def confirm_login_allowed(self, user: AbstractBaseUser) -> None:
        """Refuse, with a plain message, anyone the policy refuses at this door."""
        refusal = session_refusal(user, self.door)
        if refusal:
            raise forms.ValidationError(refusal, code="refused")


class WagtailAdminLoginForm(_StaffDoorMixin, WagtailLoginForm):
    """Wagtail's admin sign-in (``WAGTAILADMIN_USER_LOGIN_FORM``): staff only."""

    door = Door.WAGTAIL_ADMIN


class DjangoAdminLoginForm(_StaffDoorMixin, AdminAuthenticationForm):
    """Django's admin sign-in (``admin.site.login_form``): staff only."""

    door = Door.DJANGO_ADMIN


def private_page_login(request: HttpRequest) -> HttpResponse:
    """Wagtail's private-page sign-in (``/_util/login/``): ours, keeping ``next``.

    Answers every method with a redirect, so no password is ever checked here.
    """
    url = reverse("account_login")
    next_url = request.GET.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        url = f"{url}?{urlencode({'next': next_url})}"
    return HttpResponseRedirect(url)


def reset_account(request: HttpRequest) -> str:
    """The account a password-reset request names (as the lock-out counts it)."""
    return account_key(request.POST.get("email", ""))


def password_reset_limited(view: Callable) -> Callable:
    """Limit a password-reset view's POSTs per address and per account."""
    per_account, window = settings.PASSWORD_RESET_RATE_LIMIT
    per_address = settings.PASSWORD_RESET_ADDRESS_RATE_LIMIT
    view = rate_limited(
        "password-reset-account",
        limit=per_account,
        window=window,
        key=reset_account,
        what="password reset requests",
        fail_closed=True,  # it emails whoever is named (ehch/accounts/ratelimit.py)
    )(view)
    return rate_limited(
        "password-reset-address",
        limit=per_address,
        window=window,
        key=client_ip,
        what="password reset requests",
        fail_closed=True,
    )(view)
