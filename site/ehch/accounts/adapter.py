"""allauth's account adapter: usernames from names, email links on SITE_URL."""

from __future__ import annotations

from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import user_field, user_username
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from cms.site_address import absolute_url, site_url
from ehch.accounts.names import generated_username
from ehch.client_address import client_address


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

    def get_logout_redirect_url(self, request: HttpRequest) -> str:
        """After signing out, the provider's own sign-out for an organisation sign-in.

        Asked before the session ends (allauth's ``LogoutView``), so the
        provider recorded at sign-in is still known (``ehch.accounts.sso.logout``).
        """
        from ehch.accounts.sso.logout import provider_logout_url

        return provider_logout_url(request) or super().get_logout_redirect_url(request)

    def get_client_ip(self, request: HttpRequest) -> str:
        """The client's real address, for allauth's own rate limits.

        allauth reads ``REMOTE_ADDR`` (or trusts a count of proxies); ours
        believes ``X-Forwarded-For`` only from ``TRUSTED_PROXIES``, like every
        other limit. No address is refused, as allauth itself does.
        """
        address = client_address(request)
        if address is None:
            raise PermissionDenied("Unable to determine client IP address")
        return address

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Send allauth's email with every link on ``SITE_URL``.

        allauth builds its links (confirm, reset, sign up) from the host the
        request came in on, which behind a proxy or on a second server is not
        the address people know. The path and query are kept; the site
        address replaces the rest. Our templates name ``site_url`` too.
        """
        context = {
            key: _on_site_address(value) if key.endswith("_url") else value
            for key, value in context.items()
        }
        context["site_url"] = site_url()
        super().send_mail(template_prefix, email, context)


def _on_site_address(value: object) -> object:
    if not isinstance(value, str) or not value.startswith(("http://", "https://")):
        return value
    parts = urlsplit(value)
    return absolute_url(parts.path + (f"?{parts.query}" if parts.query else ""))
