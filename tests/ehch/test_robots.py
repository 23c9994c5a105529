"""/robots.txt keeps crawlers out of private and endless pages; /favicon.ico."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_robots_txt_disallows_private_pages_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in (
        "/admin/",
        "/accounts/",
        "/members/",
        "/search/",
        "/forum/moderation/",
    ):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert client.get("/sitemap.xml").status_code == 200
    # Public sections stay open to crawlers.
    assert not any(line in lines for line in ("Disallow: /", "Disallow: /forum/"))


def test_robots_txt_answers_only_reads(client):
    assert client.post("/robots.txt").status_code == 405


def test_favicon_ico_points_at_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/favicon.svg")
