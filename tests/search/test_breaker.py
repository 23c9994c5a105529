"""A frozen Elasticsearch: short waits, then the breaker skips it.

Cached pages are unaffected, and fallback results are never page-cached.

The frozen server is real: a socket on loopback that accepts connections (the
kernel completes the handshake from the listen backlog) and never answers, as
a hung cluster does.
"""

from __future__ import annotations

import socket
import time

import pytest

from search import breaker
from search.client import _client_for
from tests.casestudies.factories import CaseStudyFactory, build_site

pytestmark = pytest.mark.django_db

DEGRADED = "Search is running in a simpler mode"


class FrozenServer:
    """A socket that takes connections and never replies; counts who connected."""

    def __init__(self) -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(64)
        self.socket.setblocking(False)
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        self.held: list[socket.socket] = []

    def new_connections(self) -> int:
        """How many connections arrived since the last call (kept open, unanswered)."""
        count = 0
        while True:
            try:
                connection, _ = self.socket.accept()
            except BlockingIOError:
                return count
            self.held.append(connection)
            count += 1

    def close(self) -> None:
        for connection in self.held:
            connection.close()
        self.socket.close()


@pytest.fixture
def frozen_elasticsearch():
    """A server that takes connections and never replies."""
    server = FrozenServer()
    yield server
    server.close()


@pytest.fixture
def site_on_frozen_elasticsearch(settings, frozen_elasticsearch):
    _, index = build_site()
    CaseStudyFactory(parent=index, title="Aardvark rounds", summary="Aardvark.")
    # Content first (indexing would wait for the frozen server), then switch.
    settings.ELASTICSEARCH_URL = frozen_elasticsearch.url
    settings.SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_SEARCH_TIMEOUT = 0.5
    settings.SEARCH_BREAKER_FAILURES = 2
    settings.SEARCH_BREAKER_SECONDS = 60
    settings.PAGE_CACHE_SECONDS = 600
    _client_for.cache_clear()
    index.frozen_server = frozen_elasticsearch
    yield index
    _client_for.cache_clear()


def _timed_get(client, url):
    started = time.monotonic()
    response = client.get(url)
    return response, time.monotonic() - started


def test_a_frozen_elasticsearch_costs_a_short_wait_then_none_once_the_breaker_opens(
    client, site_on_frozen_elasticsearch
):
    waits = []
    for _ in range(2):
        response, seconds = _timed_get(client, "/search/?q=aardvark")
        assert response.status_code == 200
        assert DEGRADED in response.content.decode()
        assert "Aardvark rounds" in response.content.decode()
        waits.append(seconds)
    # Each of the first searches waited about the short search timeout, not 5 s.
    assert all(0.4 < wait < 3 for wait in waits), waits
    assert breaker.is_open()

    # Once open, the breaker does not even try: no new connection reaches the
    # frozen server (counted, not timed: a loaded machine renders slowly).
    frozen = site_on_frozen_elasticsearch.frozen_server
    frozen.new_connections()
    response = client.get("/case-studies/?q=aardvark")
    assert response.status_code == 200
    assert DEGRADED in response.content.decode()
    assert frozen.new_connections() == 0, "an open breaker must not try Elasticsearch"


def test_fallback_results_are_not_page_cached(client, site_on_frozen_elasticsearch):
    for url in ["/search/?q=aardvark", "/case-studies/?q=aardvark", "/case-studies/"]:
        first = client.get(url)
        assert first.status_code == 200
        assert "no-store" in first["Cache-Control"]
        assert "X-Page-Cache" not in first
        assert client.get(url).get("X-Page-Cache") != "hit", url
        assert client.get(url + "&format=json" if "?" in url else url + "?format=json")[
            "Cache-Control"
        ].count("no-store")


def test_a_cached_page_is_served_at_once_while_elasticsearch_is_frozen(
    client, site_on_frozen_elasticsearch
):
    page = site_on_frozen_elasticsearch.get_children().live().first().url
    assert client.get(page)["X-Page-Cache"] == "miss"
    for _ in range(3):  # searches hang on the frozen server until the breaker opens
        client.get("/search/?q=aardvark")
    frozen = site_on_frozen_elasticsearch.frozen_server
    frozen.new_connections()
    response = client.get(page)
    assert response["X-Page-Cache"] == "hit"
    assert frozen.new_connections() == 0  # served without asking Elasticsearch


def test_the_breaker_closes_after_its_period_and_a_success_forgets_failures(settings):
    settings.SEARCH_BREAKER_FAILURES = 2
    settings.SEARCH_BREAKER_SECONDS = 1
    breaker.record_failure("timed out")
    assert not breaker.is_open()
    breaker.record_success()
    breaker.record_failure("timed out")
    assert not breaker.is_open(), "the success reset the count"
    breaker.record_failure("timed out")
    assert breaker.is_open()
    time.sleep(1.1)
    assert not breaker.is_open()
