"""The sign-in lock-out, built on django-axes, that cannot be turned against people.

Three counts, all over axes' own ``AccessAttempt`` rows from the cool-off window:

- **per (account, address) pair**: axes itself (``AXES_LOCKOUT_PARAMETERS``
  ``[["username", "ip_address"]]``, ``AXES_FAILURE_LIMIT``). Failing against one
  account from one address locks only that pair, so other members behind the
  same address (an NHS trust's shared outward address) still sign in, and the
  account's owner still signs in from anywhere else.
- **per address**, a much higher limit (``AXES_ADDRESS_FAILURE_LIMIT``) for one
  address guessing across many accounts.
- **per account, a slow-down, never a lock**: once an account has had
  ``AXES_ACCOUNT_SLOWDOWN_AFTER`` failures (from any addresses), each attempt
  must wait a delay that doubles with every further failure, up to
  ``AXES_ACCOUNT_SLOWDOWN_MAX_SECONDS``. Attempts refused while waiting are not
  counted, so the delay never grows past what real guesses earned. Addresses
  the account has signed in from before (axes' ``AccessLog``) skip the wait, so
  an attack from elsewhere does not keep the owner out.

"The account" is whatever the typed identifier (email address or username, in
any case) resolves to, so the same counts apply at every sign-in door. An
identifier that names no account is counted as typed, in lower case, so the
answers for a real and an unknown account look the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from allauth.account.models import EmailAddress
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ehch.client_address import client_address

IDENTIFIER_FIELDS = ("email", "username", "login")
# How long an address the account signed in from stays "known" to it.
KNOWN_ADDRESS_DAYS = 90


def account_for_identifier(identifier: str) -> AbstractBaseUser | None:
    """The account an email address or username names, in any case, or None."""
    identifier = (identifier or "").strip()
    # PostgreSQL refuses NUL in text; no account can be named by it.
    if not identifier or "\x00" in identifier:
        return None
    users = get_user_model().objects
    user = users.filter(username__iexact=identifier).order_by("pk").first()
    if user is None and "@" in identifier:
        address = (
            EmailAddress.objects.filter(email__iexact=identifier)
            .select_related("user")
            .order_by("-verified", "pk")
            .first()
        )
        user = address.user if address else None
        if user is None:
            user = users.filter(email__iexact=identifier).order_by("pk").first()
    return user


def account_key(identifier: str) -> str:
    """The name failures are counted under: the account's username, or the text."""
    user = account_for_identifier(identifier)
    if user is not None:
        return user.get_username()
    # axes stores it in a 255-character column; longer is a 500.
    return (identifier or "").strip().lower()[:255]


def axes_username(request: HttpRequest, credentials: dict | None = None) -> str:
    """The account, whichever identifier was typed (``AXES_USERNAME_CALLABLE``).

    Resolved once per request and identifier (axes asks several times).
    """
    typed = ""
    for source in (credentials or {}, getattr(request, "POST", {}) or {}):
        typed = next((str(source[f]) for f in IDENTIFIER_FIELDS if source.get(f)), "")
        if typed:
            break
    resolved = getattr(request, "_ehch_account_keys", None)
    if resolved is None:
        resolved = {}
        if request is not None:
            request._ehch_account_keys = resolved
    if typed not in resolved:
        resolved[typed] = account_key(typed)
    return resolved[typed]


def axes_client_ip(request: HttpRequest) -> str | None:
    """The client's real address, or None (``AXES_CLIENT_IP_CALLABLE``).

    By :func:`ehch.client_address.client_address`, so the lock-out and axes'
    sign-in records name the client behind ``TRUSTED_PROXIES``, not the proxy.
    None when there is none (a request made in code, such as the test
    client's ``force_login``): axes' IP address column refuses "unknown".
    """
    return client_address(request)


def slowdown_seconds(failures: int) -> int:
    """The wait an account's next attempt needs after ``failures`` failures."""
    start = settings.AXES_ACCOUNT_SLOWDOWN_AFTER
    if failures < start:
        return 0
    return min(2 ** (failures - start), settings.AXES_ACCOUNT_SLOWDOWN_MAX_SECONDS)


@dataclass(frozen=True)
class Refusal:
    """Why a sign-in attempt was refused, and how long until it may try again."""

    reason: str  # "pair", "address" or "slowdown"
    retry_after: int  # seconds


def _window(request: HttpRequest) -> tuple:
    now = getattr(request, "axes_attempt_time", None) or timezone.now()
    return now, now - get_cool_off(request)


def _failures(now, since, **match) -> tuple[int, object]:
    totals = AccessAttempt.objects.filter(attempt_time__gte=since, **match).aggregate(
        failures=Sum("failures_since_start"), last=Max("attempt_time")
    )
    return totals["failures"] or 0, totals["last"] or now


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler with the per-address limit and per-account slow-down.

    The pair lock is axes' own; this adds the other two counts to ``is_locked``
    and remembers on the request which one refused, for the 429 page.
    """

    def is_locked(self, request, credentials: dict | None = None) -> bool:  # noqa: D102
        refusal = self.refusal(request, credentials)
        request.ehch_signin_refusal = refusal
        return refusal is not None

    def refusal(self, request, credentials: dict | None = None) -> Refusal | None:
        """The reason this attempt may not go ahead, or None."""
        now, since = _window(request)
        cool_off = int(get_cool_off(request).total_seconds())
        if super().is_locked(request, credentials):
            return Refusal("pair", cool_off)
        address = request.axes_ip_address
        failures, _last = _failures(now, since, ip_address=address)
        if failures >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            return Refusal("address", cool_off)
        username = get_client_username(request, credentials)
        failures, last = _failures(now, since, username=username)
        wait = slowdown_seconds(failures)
        if not wait:
            return None
        remaining = int((last + timedelta(seconds=wait) - now).total_seconds()) + 1
        if remaining <= 0 or self._known_address(username, address, now):
            return None
        return Refusal("slowdown", remaining)

    @staticmethod
    def _known_address(username: str, address: str, now) -> bool:
        return AccessLog.objects.filter(
            username=username,
            ip_address=address,
            attempt_time__gte=now - timedelta(days=KNOWN_ADDRESS_DAYS),
        ).exists()

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):  # noqa: D102
        super().user_login_failed(sender, credentials, request, **kwargs)
        # axes locks the request that reaches the pair limit; do the same for
        # the address limit so its last counted failure already answers 429.
        if request is not None and not request.axes_locked_out:
            refusal = self.refusal(request, credentials)
            if refusal is not None and refusal.reason == "address":
                request.ehch_signin_refusal = refusal
                request.axes_locked_out = True


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict | None = None,
) -> HttpResponse:
    """A 429 saying what happened and for how long (``AXES_LOCKOUT_CALLABLE``)."""
    refusal = getattr(request, "ehch_signin_refusal", None) or Refusal(
        "pair", int(get_cool_off(request).total_seconds())
    )
    minutes = max(1, -(-refusal.retry_after // 60))
    # render(), not a TemplateResponse: axes' middleware swaps the response in
    # after rendering has happened.
    response = render(
        request,
        "members/locked_out.html",
        {
            "slowdown": refusal.reason == "slowdown",
            "seconds": refusal.retry_after,
            "minutes": minutes,
        },
        status=429,
    )
    response["Retry-After"] = str(refusal.retry_after)
    return response
