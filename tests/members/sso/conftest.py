"""Fixtures for organisation sign-in: the real Keycloak of make test.

``keycloak_url`` (tests/conftest.py) fails the run without it; the test
settings configure the provider ``keycloak`` from KEYCLOAK_URL.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def keycloak(keycloak_url, settings, db):
    """The provider ``keycloak`` configured (the test settings do it from the URL)."""
    apps = settings.SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"]
    assert [app["provider_id"] for app in apps] == ["keycloak"], (
        "the test settings configure the provider 'keycloak' when KEYCLOAK_URL is set"
    )
    return keycloak_url


@pytest.fixture
def add_provider(settings, keycloak_url):
    """Configure one more provider for a test (a wrong audience, one that is down)."""

    def add(provider_id: str, issuer: str, client_id: str, secret: str) -> None:
        openid = dict(settings.SOCIALACCOUNT_PROVIDERS["openid_connect"])
        openid["APPS"] = [
            *openid["APPS"],
            {
                "provider_id": provider_id,
                "name": f"the {provider_id} account",
                "client_id": client_id,
                "secret": secret,
                "settings": {
                    "server_url": issuer,
                    "oauth_pkce_enabled": True,
                    "fetch_userinfo": True,
                },
            },
        ]
        settings.SOCIALACCOUNT_PROVIDERS = {
            **settings.SOCIALACCOUNT_PROVIDERS,
            "openid_connect": openid,
        }

    return add
