"""Driving the real Keycloak as a person's browser would, without a browser.

The site's side runs in Django's test client; the person's side (Keycloak's
sign-in form) in a ``requests`` session with its own cookies, so Keycloak's
single sign-on session behaves as in a browser.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import requests
from django.urls import reverse

REALM = "ehch-test"
PASSWORDS = {
    "amira": "amira-test-password",
    "ben": "ben-test-password",
    "chloe": "chloe-test-password",
}
EMAILS = {
    "amira": "amira.hassan@nhs.example",
    "ben": "ben.carter@oakview-care.example",
    "chloe": "chloe.okafor@nhs.example",
}
_FORM_ACTION = re.compile(r'<form[^>]*id="kc-form-login"[^>]*action="([^"]+)"', re.S)


class LoopbackBrowser(requests.Session):
    """A person's browser for Keycloak's pages: its own cookies.

    Keycloak marks its cookies ``Secure``; a browser sends them to a loopback
    address over plain HTTP (it counts as a secure context), ``requests``
    would not, so the flag is dropped before each request.
    """

    def request(self, *args, **kwargs):  # noqa: D102
        for cookie in self.cookies:
            cookie.secure = False
        return super().request(*args, **kwargs)


def browser() -> requests.Session:
    """A new browser with no cookies."""
    return LoopbackBrowser()


def start(client, provider_id: str = "keycloak", next_url: str = ""):
    """Press "Sign in with ..." on the site; the response sends us to the provider."""
    data = {"next": next_url} if next_url else {}
    return client.post(
        reverse("openid_connect_login", kwargs={"provider_id": provider_id}), data
    )


def sign_in_at_provider(
    tab: requests.Session, authorize_url: str, username: str
) -> str:
    """Type the user's name and password into Keycloak's form.

    Returns:
        The address Keycloak sends the browser back to (our callback), with
        its query string.
    """
    page = tab.get(authorize_url, allow_redirects=False, timeout=20)
    if page.status_code in (302, 303):  # already signed in at Keycloak
        return page.headers["Location"]
    page.raise_for_status()
    match = _FORM_ACTION.search(page.text)
    assert match, f"no sign-in form on Keycloak's page: {page.text[:500]}"
    answer = tab.post(
        html.unescape(match.group(1)),
        data={"username": username, "password": PASSWORDS[username]},
        allow_redirects=False,
        timeout=20,
    )
    assert answer.status_code in (302, 303), answer.text[:500]
    return answer.headers["Location"]


def callback_path(location: str) -> str:
    """The path and query of our callback, for the test client."""
    parts = urlsplit(location)
    assert parts.path.endswith("/login/callback/"), location
    return f"{parts.path}?{parts.query}"


def sign_in(client, username: str, provider_id: str = "keycloak", tab=None):
    """The whole round trip; returns our callback's response and its address."""
    tab = tab or browser()
    started = start(client, provider_id)
    assert started.status_code == 302, started.content[:500]
    location = sign_in_at_provider(tab, started["Location"], username)
    path = callback_path(location)
    return client.get(path), path


def query(url: str) -> dict[str, str]:
    """A URL's query parameters, one value each."""
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}
