"""The request's Wagtail site from the cache (ehch/site_lookup.py)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from ehch.site_lookup import find_site
from tests.casestudies.factories import build_site
from tests.members.factories import approved_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def on(settings):
    settings.FRAGMENT_CACHE_SECONDS = 600
    settings.ALLOWED_HOSTS = ["*"]
    build_site()


def _site_queries(client, path: str = "/") -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum('"wagtailcore_site"' in q["sql"] for q in queries)


def test_a_signed_in_page_looks_the_site_up_once_then_never(client, on):
    client.force_login(approved_member())
    assert _site_queries(client) == 1
    assert _site_queries(client) == 0


def test_switched_off_wagtail_asks_the_database_every_time(client, on, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    client.force_login(approved_member())
    _site_queries(client)
    assert _site_queries(client) == 1


@pytest.mark.parametrize(
    "host", ["testserver", "other.example", "testserver:8080", "ünïcode.example"]
)
def test_the_same_answer_as_wagtail_for_any_host(on, host):
    Site.objects.create(
        hostname="other.example",
        port=80,
        root_page=Site.objects.get(is_default_site=True).root_page,
        site_name="Other",
    )
    for _ in range(2):  # the first from the database, the second from the cache
        request = RequestFactory().get("/", HTTP_HOST=host)
        expected = Site._find_for_request(RequestFactory().get("/", HTTP_HOST=host))
        found = find_site(request)
        assert (found and found.pk) == (expected and expected.pk)


def test_no_site_at_all_is_cached_as_none(on):
    Site.objects.all().delete()
    assert find_site(RequestFactory().get("/")) is None
    with CaptureQueriesContext(connection) as queries:
        assert find_site(RequestFactory().get("/")) is None
    assert not queries


def test_a_changed_site_is_seen_at_once(client, on):
    client.force_login(approved_member())
    client.get("/")
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Renamed network"
    site.save()
    request = RequestFactory().get("/")
    assert find_site(request).site_name == "Renamed network"
