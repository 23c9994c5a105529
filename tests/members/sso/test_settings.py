"""OIDC_PROVIDERS and its variables: complete, or a one-line error naming the gap."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from ehch.settings.oidc import DEFAULT_NAME, providers_from_environment

NHS = {
    "OIDC_PROVIDERS": "nhs",
    "OIDC_NHS_ISSUER": "https://login.example.nhs.uk/realms/staff/",
    "OIDC_NHS_CLIENT_ID": "ehch",
    "OIDC_NHS_SECRET": "s3cret",
}


def test_no_providers_means_no_organisation_sign_in():
    assert providers_from_environment({}) == []
    assert providers_from_environment({"OIDC_PROVIDERS": " , "}) == []


def test_a_complete_provider_becomes_an_allauth_app_with_pkce():
    (app,) = providers_from_environment(NHS)
    assert app["provider_id"] == "nhs"
    assert app["name"] == DEFAULT_NAME
    assert app["client_id"] == "ehch" and app["secret"] == "s3cret"
    assert app["settings"]["server_url"] == "https://login.example.nhs.uk/realms/staff"
    assert app["settings"]["oauth_pkce_enabled"] is True


def test_two_providers_each_with_their_own_variables_and_names():
    apps = providers_from_environment(
        {
            **NHS,
            "OIDC_PROVIDERS": "nhs, kent-council",
            "OIDC_NHS_NAME": "NHS mail",
            "OIDC_KENT_COUNCIL_ISSUER": "https://id.kent.example",
            "OIDC_KENT_COUNCIL_CLIENT_ID": "ehch-kent",
            "OIDC_KENT_COUNCIL_SECRET": "x",
        }
    )
    assert [(a["provider_id"], a["name"]) for a in apps] == [
        ("nhs", "NHS mail"),
        ("kent-council", DEFAULT_NAME),
    ]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"OIDC_NHS_SECRET": ""}, "OIDC_NHS_SECRET is not set"),
        (
            {"OIDC_NHS_ISSUER": "", "OIDC_NHS_CLIENT_ID": " "},
            "OIDC_NHS_ISSUER, OIDC_NHS_CLIENT_ID are not set",
        ),
        ({"OIDC_NHS_ISSUER": "login.example"}, "must be an http(s) URL"),
        ({"OIDC_PROVIDERS": "NHS"}, "is not a provider name"),
        ({"OIDC_PROVIDERS": "nhs²"}, "is not a provider name"),
        ({"OIDC_PROVIDERS": "nhs,nhs"}, "names 'nhs' twice"),
    ],
)
def test_an_incomplete_provider_stops_the_site_with_one_line(change, message):
    with pytest.raises(ImproperlyConfigured, match=".*") as raised:
        providers_from_environment({**NHS, **change})
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)
