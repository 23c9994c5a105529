"""The forum's search box is the site search, filtered to forum posts (issue 16).

machina's haystack search found nothing; its address now sends people on to
the site search for forum posts, which applies the one visibility rule
(who may read which post is tested door by door in test_privacy.py).
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_every_forum_page_searches_the_site_for_forum_posts(client):
    call_command("load_demo", verbosity=0)
    html = client.get("/forum/").content.decode()
    assert '<form class="ehch-forum-search" action="/search/" method="get">' in html
    assert '<input type="hidden" name="type" value="forum_post">' in html
    assert 'for="forum-search-q">Search the forum</label>' in html


def test_machinas_old_search_address_redirects_to_the_site_search_with_the_words(
    client,
):
    response = client.get(reverse("forum_search:search") + "?q=GP+rounds")
    assert response.status_code == 301
    assert response["Location"] == "/search/?q=GP+rounds&type=forum_post"
    bare = client.get(reverse("forum_search:search"))
    assert bare["Location"] == "/search/?type=forum_post"


def test_the_forum_filter_finds_a_public_forum_post_and_nothing_else(client):
    call_command("load_demo", verbosity=0)
    results = client.get("/search/?q=GP&type=forum_post&format=json").json()["results"]
    assert results
    assert {hit["type"] for hit in results} == {"forum_post"}


def test_haystack_is_no_longer_an_installed_app():
    assert "haystack" not in settings.INSTALLED_APPS
    assert "machina.apps.forum_search" not in settings.INSTALLED_APPS
