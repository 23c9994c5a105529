"""Elasticsearch as a cluster: several nodes, retries, a replica (issue 18 item 6).

The live node is the real server ``make test`` starts; the dead one is a port
nothing listens on, which is what a stopped node looks like to the client.
"""

from __future__ import annotations

import socket
import threading
import uuid

import pytest
from django.core.exceptions import ImproperlyConfigured
from elasticsearch import ConnectionError as ESConnectionError

from ehch.settings.environment import elasticsearch_url
from search import client as es_client
from search import es_index

pytestmark = pytest.mark.elasticsearch


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def dead_node() -> str:
    return f"http://127.0.0.1:{_closed_port()}"


def test_several_nodes_are_read_comma_separated(monkeypatch):
    monkeypatch.setenv("ELASTICSEARCH_URL", " http://es1:9200/, https://es2:9201 ")
    assert elasticsearch_url() == "http://es1:9200,https://es2:9201"
    assert es_client.nodes(elasticsearch_url()) == [
        "http://es1:9200",
        "https://es2:9201",
    ]


@pytest.mark.parametrize("bad", ["http://es1:9200,", "http://es1:9200,es2:9200"])
def test_a_bad_node_in_the_list_is_named(monkeypatch, bad):
    monkeypatch.setenv("ELASTICSEARCH_URL", bad)
    with pytest.raises(ImproperlyConfigured, match="is not, in"):
        elasticsearch_url()


def test_a_request_to_a_dead_node_is_retried_on_a_live_one(
    settings, elasticsearch_url, dead_node
):
    settings.ELASTICSEARCH_URL = f"{dead_node},{elasticsearch_url}"
    es_client._client_for.cache_clear()
    client = es_client.get_client()
    # Round robin starts anywhere; every request lands whichever node it tries.
    for _ in range(6):
        assert client.cluster.health()["status"] in {"green", "yellow"}


def test_with_every_node_dead_the_error_reaches_the_caller(settings, dead_node):
    settings.ELASTICSEARCH_URL = f"{dead_node},http://127.0.0.1:{_closed_port()}"
    es_client._client_for.cache_clear()
    with pytest.raises(ESConnectionError):
        es_client.get_client().cluster.health()


def test_a_single_node_is_tried_once_so_the_breaker_answers_at_once(settings):
    """One node: a retry would only wait on the same broken server again."""
    attempts = []
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def hang_up() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            attempts.append(1)
            conn.close()  # the connection drops before any answer

    threading.Thread(target=hang_up, daemon=True).start()
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{listener.getsockname()[1]}"
    es_client._client_for.cache_clear()
    try:
        with pytest.raises(ESConnectionError):
            es_client.get_client().cluster.health()
    finally:
        listener.close()
    assert len(attempts) == 1


def test_the_index_has_a_replica_whenever_the_cluster_can_place_one(
    settings, elasticsearch_url
):
    settings.ELASTICSEARCH_URL = elasticsearch_url
    settings.ELASTICSEARCH_INDEX_PREFIX = f"test-{uuid.uuid4().hex[:10]}"
    es_client._client_for.cache_clear()
    try:
        es_index.ensure_alias()
        client = es_client.get_client()
        index = next(iter(client.indices.get_alias(name=es_index.alias_name())))
        found = client.indices.get_settings(index=index)[index]["settings"]["index"]
        assert found["auto_expand_replicas"] == "0-1"
        assert found["number_of_shards"] == "1"
        # One data node here: no replica to place, so the index is green.
        health = client.cluster.health(index=index, wait_for_status="green")
        assert health["status"] == "green"
    finally:
        es_index.drop_everything()
