"""What a person is told when an organisation sign-in fails, and the log line."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

logger = logging.getLogger(__name__)

# Reason -> (heading, explanation). ``{provider}`` is the provider's name.
REASONS: dict[str, tuple[str, str]] = {
    "unreachable": (
        "Organisation sign-in is not working just now",
        "We could not reach the sign-in service for {provider}. Try again "
        "in a few minutes, or sign in with your email address and password.",
    ),
    "expired": (
        "This sign-in has expired",
        "The sign-in took too long, or this page was opened twice. Nothing "
        "was saved. Start again from the sign-in page.",
    ),
    "wrong_audience": (
        "We could not sign you in",
        "The sign-in service for {provider} sent us a sign-in that was not "
        "meant only for this network, so we did not accept it and did not "
        "create an account. Tell your organisation's IT team, or sign in "
        "with your email address and password.",
    ),
    "cancelled": (
        "You did not sign in",
        "You cancelled the sign-in. Nothing was saved.",
    ),
    "failed": (
        "We could not sign you in",
        "The sign-in service for {provider} did not confirm who you are. "
        "Nothing was saved. Try again, or sign in with your email address "
        "and password.",
    ),
}

STATUS = {"unreachable": 503, "cancelled": 200}


def sign_in_failed(
    request: HttpRequest, reason: str, provider_name: str, detail: str = ""
) -> HttpResponse:
    """The page that says why an organisation sign-in failed, logged as a warning.

    Args:
        request: the request that failed.
        reason: a key of ``REASONS``.
        provider_name: the provider's name as people see it on the button.
        detail: what went wrong, for the log only (never shown).
    """
    heading, explanation = REASONS[reason]
    logger.warning(
        "organisation sign-in failed",
        extra={"reason": reason, "provider": provider_name, "detail": detail},
    )
    return TemplateResponse(
        request,
        "socialaccount/authentication_error.html",
        {
            "heading": heading,
            "explanation": explanation.format(provider=provider_name),
            "reason": reason,
        },
        status=STATUS.get(reason, 400),
    )
