"""Fixtures for organisation sign-in: the real Keycloak of make test.

``scripts/services/keycloak.sh`` starts Keycloak with the realm
``scripts/services/keycloak/ehch-test-realm.json``; ``make test`` exports its
address as KEYCLOAK_URL and the test settings configure the provider
``keycloak`` from it. Without it these tests fail, never skip.
"""

from __future__ import annotations

import os

import pytest
import requests

from tests.members.sso.keycloak import REALM

MISSING = """\
Organisation sign-in tests need the throwaway Keycloak that make test starts
(scripts/services/keycloak.sh) and its address in KEYCLOAK_URL (now: {url!r}).
Start it with `scripts/services/keycloak.sh start` and export KEYCLOAK_URL
from .cache/services/keycloak/url, or run the whole suite with make test.
"""


@pytest.fixture(scope="session")
def keycloak_url() -> str:
    """Keycloak's address; the run fails when it is not there."""
    url = os.environ.get("KEYCLOAK_URL", "").rstrip("/")
    try:
        answer = requests.get(
            f"{url}/realms/{REALM}/.well-known/openid-configuration", timeout=10
        )
        answer.raise_for_status()
    except (requests.RequestException, ValueError):
        pytest.fail(MISSING.format(url=url), pytrace=False)
    return url


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
