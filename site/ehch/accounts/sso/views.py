"""Views of organisation sign-in that allauth's own do not cover."""

from __future__ import annotations

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.openid_connect import views as oidc_views
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from requests import RequestException

from ehch.accounts.sso.failures import sign_in_failed


def _configured(provider_id: str) -> bool:
    """True for a provider of ``OIDC_PROVIDERS``, the only ones this site has.

    Checked before allauth looks the name up, which would also query its
    database table of providers with whatever the address held (a NUL byte
    there is a database error, not a "not found").
    """
    apps = settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect", {}).get("APPS", [])
    return any(app["provider_id"] == provider_id for app in apps)


def provider_login(request: HttpRequest, provider_id: str) -> HttpResponse:
    """Start allauth's code flow, with a clear page when the provider is down.

    Starting reads the provider's discovery document; allauth lets a refused
    connection or a timeout become a server error. Here the person is told
    the organisation sign-in is not working and what else they can do.
    """
    if not _configured(provider_id):
        raise Http404("No such organisation sign-in")
    try:
        return oidc_views.login(request, provider_id)
    except RequestException as error:
        name = get_adapter(request).get_provider(request, provider_id).name
        return sign_in_failed(request, "unreachable", name, repr(error))


def provider_callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    """Finish allauth's code flow, for configured providers only."""
    if not _configured(provider_id):
        raise Http404("No such organisation sign-in")
    return oidc_views.callback(request, provider_id)
