"""GET /healthz against the real database and the real Elasticsearch."""

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_engine_when_no_elasticsearch_is_configured(client):
    with override_settings(ELASTICSEARCH_URL=None, SEARCH_ENGINE="database"):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "database": "ok",
        "search": {"engine": "database", "ok": True},
    }


def test_healthz_reports_elasticsearch_ok_when_the_server_answers(
    client, elasticsearch_url
):
    with override_settings(
        ELASTICSEARCH_URL=elasticsearch_url, SEARCH_ENGINE="elasticsearch"
    ):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["search"] == {"engine": "elasticsearch", "ok": True}


def test_healthz_reports_elasticsearch_not_ok_when_the_server_is_away(client):
    # Nothing listens on port 1 of loopback: a real refused connection.
    with override_settings(
        ELASTICSEARCH_URL="http://127.0.0.1:1", SEARCH_ENGINE="elasticsearch"
    ):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["search"] == {"engine": "elasticsearch", "ok": False}


def test_healthz_answers_json_and_is_never_cached(client):
    response = client.get("/healthz")
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_refuses_other_methods(client):
    assert client.post("/healthz").status_code == 405


def test_healthz_answers_503_when_the_database_is_unreachable(run_manage):
    script = (
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(r.status_code, r.json()['database'])"
    )
    result = run_manage(
        "shell",
        "-c",
        script,
        env={"DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "503 unavailable"
