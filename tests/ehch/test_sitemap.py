"""/sitemap.xml lists every public page type, nothing private, all answering 200.

Wagtail pages come from their Site record; forum topics in public forums and
the residents' theme pages from their own sitemaps; all start with SITE_URL.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client

from cms.site_address import sync_default_site
from forum.notifications import topic_path
from forum.structure import ensure_forum_tree
from tests.casestudies.factories import build_site
from tests.forum.conftest import HELD, MEMBERS_ONLY, PUBLIC, make_topic
from tests.members.factories import approved_member
from tests.voices.factories import ThemeFactory

pytestmark = pytest.mark.django_db

ADDRESS = "https://network.example.org"


@pytest.fixture
def content(settings):
    settings.SITE_URL = ADDRESS
    build_site()  # a Site on localhost:80; migrate points it at SITE_URL
    sync_default_site()
    forums = ensure_forum_tree()
    author = approved_member()
    return {
        "public": make_topic(forums[PUBLIC], author, subject="Open rota"),
        "held": make_topic(forums[PUBLIC], author, subject="Waiting", approved=False),
        "held forum": make_topic(
            forums[HELD], author, subject="Family", approved=False
        ),
        "members only": make_topic(forums[MEMBERS_ONLY], author, subject="Inside"),
        "theme": ThemeFactory(slug="being-listened-to"),
    }


def _locations(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


def test_public_topics_and_theme_pages_are_listed_private_ones_are_not(content):
    locations = _locations(Client())
    assert ADDRESS + topic_path(content["public"]) in locations
    for private in ("held", "held forum", "members only"):
        assert ADDRESS + topic_path(content[private]) not in locations, private
    assert f"{ADDRESS}/what-good-looks-like/" in locations
    assert f"{ADDRESS}/what-good-looks-like/being-listened-to/" in locations


def test_every_address_in_the_sitemap_answers_200_to_a_visitor(content):
    visitor = Client()
    locations = _locations(visitor)
    assert len(locations) >= 4
    for location in locations:
        parts = urlsplit(location)
        assert f"{parts.scheme}://{parts.netloc}" == ADDRESS, location
        assert visitor.get(parts.path).status_code == 200, location
