"""GET /healthz is liveness: it answers while the process does, whatever else is down.

Readiness (the database, cache, search and task queue) is /readyz:
tests/ehch/test_readyz.py.
"""

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_answers_that_the_process_is_alive(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "alive"}


def test_healthz_answers_json_and_is_never_cached(client):
    response = client.get("/healthz")
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]


def test_healthz_refuses_other_methods(client):
    assert client.post("/healthz").status_code == 405


def test_healthz_stays_200_when_the_database_is_unreachable(shell_without_database):
    # A supervisor restarting every server would not bring PostgreSQL back.
    script = (
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(r.status_code, r.json()['status'])"
    )
    assert shell_without_database(script) == "200 alive"
