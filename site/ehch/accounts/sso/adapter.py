"""The social-account adapter (``SOCIALACCOUNT_ADAPTER``) for organisation sign-in."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from allauth.socialaccount.providers.base.constants import AuthError
from django.contrib.auth import get_user_model
from django.http import HttpRequest
from requests import RequestException

from ehch.accounts.sso.failures import sign_in_failed
from ehch.accounts.sso.linking import start_linking


class WrongAudience(Exception):
    """The ID token names an audience besides ours, or another authorised party."""


def check_audience(sociallogin: SocialLogin) -> None:
    """The ID token must be for this client alone (OpenID Connect Core 3.1.3.7).

    allauth checks that our client id is among the token's audiences; a token
    that also names another service was issued for that service as well, and
    OpenID Connect says to refuse audiences the client does not trust. When
    ``azp`` (the party the token was issued to) is present it must be us.

    Raises:
        WrongAudience: with what the token said, for the log.
    """
    client_id = sociallogin.provider.app.client_id
    claims = (sociallogin.account.extra_data or {}).get("id_token") or {}
    audience = claims.get("aud")
    audiences = {audience} if isinstance(audience, str) else set(audience or [])
    if audiences != {client_id}:
        raise WrongAudience(f"aud={sorted(audiences)!r}, expected {client_id!r}")
    if claims.get("azp", client_id) != client_id:
        raise WrongAudience(f"azp={claims['azp']!r}, expected {client_id!r}")


def existing_account_for(sociallogin: SocialLogin):
    """The account that already uses one of the provider's addresses, if any."""
    emails = [address.email for address in sociallogin.email_addresses if address.email]
    for email in emails:
        found = (
            EmailAddress.objects.filter(email__iexact=email)
            .select_related("user")
            .first()
        )
        if found is not None:
            return found.user
        user = get_user_model().objects.filter(email__iexact=email).first()
        if user is not None:
            return user
    return None


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Organisation sign-in the network's way.

    - Nobody is signed up without the membership questions (no auto sign-up).
    - An ID token meant for anyone but us is refused (``check_audience``).
    - An address that already has an account is never linked silently: the
      person types that account's password first (``linking``).
    - Every failure gets a page that says what happened in plain words.
    """

    def is_auto_signup_allowed(
        self, request: HttpRequest, sociallogin: SocialLogin
    ) -> bool:
        """Always ask the membership questions the provider cannot answer."""
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        """Refuse foreign tokens; send an address already in use to be linked."""
        try:
            check_audience(sociallogin)
        except WrongAudience as error:
            raise ImmediateHttpResponse(
                sign_in_failed(
                    request, "wrong_audience", sociallogin.provider.name, str(error)
                )
            ) from None
        if sociallogin.is_existing:
            return
        user = existing_account_for(sociallogin)
        if user is not None:
            raise ImmediateHttpResponse(start_linking(request, sociallogin, user))

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider,
        error=None,
        exception=None,
        extra_context=None,
    ) -> None:
        """Say in plain words what went wrong (allauth's page says "error")."""
        extra_context = extra_context or {}
        if error == AuthError.CANCELLED:
            reason = "cancelled"
        elif isinstance(exception, RequestException):
            reason = "unreachable"
        elif exception is None and "state_id" in extra_context:
            # No such state in this session: expired, already used, or
            # started in another browser.
            reason = "expired"
        else:
            reason = "failed"
        detail = f"{error}: {exception!r}" if exception else str(error or "")
        raise ImmediateHttpResponse(
            sign_in_failed(request, reason, provider.name, detail)
        )
