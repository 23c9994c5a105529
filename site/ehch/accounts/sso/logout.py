"""Signing out at the organisation's provider too (RP-initiated logout).

Signing out here always ends the local session. When the member signed in
through a provider whose discovery document offers an ``end_session_endpoint``,
the sign-out then sends them there, so a shared computer at a care home does
not stay signed in to the organisation account; the provider sends them back
to the home page. A provider that cannot be reached leaves only the local
sign-out, and says so in the log.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.openid_connect.views import (
    OpenIDConnectOAuth2Adapter,
)
from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import resolve_url
from requests import RequestException

from cms.site_address import absolute_url

logger = logging.getLogger(__name__)

SESSION_KEY = "ehch_sso_provider"


def remember_provider(request: HttpRequest, provider_id: str) -> None:
    """Note in the session which provider this sign-in came through."""
    request.session[SESSION_KEY] = provider_id


def provider_logout_url(request: HttpRequest) -> str | None:
    """Where to send a member signing out, at their provider; None if nowhere."""
    provider_id = request.session.get(SESSION_KEY)
    if not provider_id:
        return None
    try:
        provider = get_adapter(request).get_provider(request, provider_id)
        config = OpenIDConnectOAuth2Adapter(request, provider_id).openid_config
    except SocialApp.DoesNotExist:
        return None  # the provider was removed from the settings since
    except (RequestException, ValueError) as error:
        logger.warning(
            "organisation sign-out: provider not reached, signed out here only",
            extra={"provider": provider_id, "detail": repr(error)},
        )
        return None
    endpoint = config.get("end_session_endpoint")
    if not endpoint:
        return None
    query = urlencode(
        {
            "client_id": provider.app.client_id,
            "post_logout_redirect_uri": absolute_url(
                resolve_url(settings.LOGOUT_REDIRECT_URL)
            ),
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
