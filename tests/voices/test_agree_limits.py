"""'This matters to me too' is limited per person or address and empties little."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from cms.voices.models import Agreement
from ehch import pagecache
from tests.casestudies.factories import build_site
from tests.voices.test_publication import published  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db


def test_one_address_cannot_inflate_the_count_by_dropping_its_cookie(
    published,  # noqa: F811
    settings,
):
    settings.VOICES_AGREE_RATE_LIMIT = (3, 3600)
    url = reverse("voices:agree", args=[published.pk])
    answers = [Client().post(url).status_code for _ in range(5)]  # a new browser each
    assert answers == [302, 302, 302, 429, 429]
    assert Agreement.objects.filter(submission=published).count() == 3
    # Another address is not affected.
    other = Client(REMOTE_ADDR="192.0.2.7").post(url)
    assert other.status_code == 302
    assert Agreement.objects.filter(submission=published).count() == 4


def test_a_press_empties_only_the_sections_that_show_counts(
    client,
    published,  # noqa: F811
    theme,
    settings,
):
    settings.PAGE_CACHE_SECONDS = 600
    build_site()
    theme_url = reverse("voices:theme", args=[theme.slug])
    for url in ["/", theme_url]:
        assert Client().get(url)["X-Page-Cache"] == "miss"
        assert Client().get(url)["X-Page-Cache"] == "hit"
    version = pagecache.content_version()
    Client().post(reverse("voices:agree", args=[published.pk]))
    assert pagecache.content_version() == version, "the whole cache was emptied"
    assert Client().get("/")["X-Page-Cache"] == "hit"
    fresh = Client().get(theme_url)
    assert fresh["X-Page-Cache"] == "miss"
    assert "1 person says this matters to them." in fresh.content.decode()


def test_a_press_with_a_next_that_is_not_a_path_goes_to_the_statement(
    client,
    published,  # noqa: F811
):
    url = reverse("voices:agree", args=[published.pk])
    for target in ["abc", "²", "voices:index", "//evil.example/"]:
        response = client.post(url, {"next": target})
        assert response.status_code == 302
        assert response["Location"].startswith("/what-good-looks-like/")
