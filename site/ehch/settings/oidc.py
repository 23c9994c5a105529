"""Organisation sign-in providers (OpenID Connect) from environment variables.

``OIDC_PROVIDERS`` names one or more providers, comma-separated (``nhs,kent``);
each name ``X`` then needs ``OIDC_X_ISSUER`` (the issuer URL, whose
``/.well-known/openid-configuration`` is read), ``OIDC_X_CLIENT_ID`` and
``OIDC_X_SECRET``, and may set ``OIDC_X_NAME``, the words on the button
("Sign in with <name>"). A provider named but not fully configured stops the
site from starting with one line naming what is missing, in every settings
module: a half-configured sign-in would fail only when somebody tried it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured

DEFAULT_NAME = "your organisation account"
_PROVIDER_ID = re.compile(r"^[a-z][a-z0-9-]{0,39}$")


def _variable(provider_id: str, part: str) -> str:
    return f"OIDC_{provider_id.upper().replace('-', '_')}_{part}"


def providers_from_environment(environ: Mapping[str, str] | None = None) -> list[dict]:
    """The ``APPS`` list of allauth's ``openid_connect`` provider.

    Args:
        environ: the variables to read (``os.environ`` when not given).

    Returns:
        One allauth app per provider, with PKCE and the userinfo call on.

    Raises:
        ImproperlyConfigured: a provider name is not a short lower-case word,
            is named twice, or lacks its issuer, client id or secret.
    """
    environ = os.environ if environ is None else environ
    names = [
        name.strip()
        for name in environ.get("OIDC_PROVIDERS", "").split(",")
        if name.strip()
    ]
    apps = []
    for provider_id in names:
        if not _PROVIDER_ID.match(provider_id):
            raise ImproperlyConfigured(
                f"OIDC_PROVIDERS: {provider_id!r} is not a provider name: use "
                "lower-case letters, digits and hyphens, starting with a letter"
            )
        if provider_id in {app["provider_id"] for app in apps}:
            raise ImproperlyConfigured(f"OIDC_PROVIDERS names {provider_id!r} twice")
        missing = [
            _variable(provider_id, part)
            for part in ("ISSUER", "CLIENT_ID", "SECRET")
            if not environ.get(_variable(provider_id, part), "").strip()
        ]
        if missing:
            raise ImproperlyConfigured(
                f"OIDC_PROVIDERS names {provider_id!r} but {', '.join(missing)} "
                f"{'is' if len(missing) == 1 else 'are'} not set"
            )
        issuer = environ[_variable(provider_id, "ISSUER")].strip().rstrip("/")
        if not issuer.startswith(("https://", "http://")):
            raise ImproperlyConfigured(
                f"{_variable(provider_id, 'ISSUER')} must be an http(s) URL, "
                f"got {issuer!r}"
            )
        apps.append(
            {
                "provider_id": provider_id,
                "name": environ.get(_variable(provider_id, "NAME"), "").strip()
                or DEFAULT_NAME,
                "client_id": environ[_variable(provider_id, "CLIENT_ID")].strip(),
                "secret": environ[_variable(provider_id, "SECRET")].strip(),
                "settings": {
                    "server_url": issuer,
                    # The code flow with PKCE (S256), whatever the provider demands.
                    "oauth_pkce_enabled": True,
                    "fetch_userinfo": True,
                },
            }
        )
    return apps
