"""GET /readyz against the real database, Elasticsearch, Redis and task queue."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ehch import rediscache
from tests.redis_server import free_port

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def redis_cache(url: str) -> dict:
    return {
        "BACKEND": "ehch.rediscache.ResilientRedisCache",
        "LOCATION": url,
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }


@pytest.fixture
def shared_cache(settings, redis_url):
    settings.CACHES = {**settings.CACHES, "default": redis_cache(redis_url)}
    rediscache._OUTAGES.clear()
    yield
    rediscache._OUTAGES.clear()


def queue_task(waited: timedelta, run_after=None):
    from django_tasks_db.models import DBTaskResult, get_date_max

    task = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="search.tasks.index_page",
        backend_name="default",
        run_after=run_after or get_date_max(),
        exception_class_path="",
        traceback="",
    )
    DBTaskResult.objects.filter(pk=task.pk).update(enqueued_at=timezone.now() - waited)
    return task


def test_readyz_is_200_naming_every_part_when_all_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["failing"] == []
    assert set(body["parts"]) == {"database", "cache", "search", "tasks", "storage"}
    assert {part["state"] for part in body["parts"].values()} == {"ok"}
    assert body["parts"]["database"]["engine"] == "postgresql"
    assert body["parts"]["search"]["engine"] == "database"


def test_readyz_checks_redis_with_a_real_round_trip(client, shared_cache):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["parts"]["cache"] == {
        "state": "ok",
        "kind": "redis",
        "required": True,
    }


@pytest.fixture
def redis_away(settings):
    """The default cache is a Redis server that is not there (a closed port)."""
    settings.CACHES = {
        **settings.CACHES,
        "default": redis_cache(f"redis://127.0.0.1:{free_port()}/0"),
    }
    rediscache._OUTAGES.clear()
    yield
    rediscache._OUTAGES.clear()


def test_readyz_is_503_naming_the_cache_when_redis_is_down(client, redis_away):
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unready"
    assert body["failing"] == ["cache"]
    assert body["parts"]["cache"]["state"] == "down"
    assert body["parts"]["cache"]["error"] == "ConnectionError"
    assert response["Retry-After"] == "10"
    # ... while a page still answers, uncached.
    assert client.get("/robots.txt").status_code == 200


def test_an_optional_part_that_is_down_is_reported_but_keeps_readyz_200(
    client, settings, redis_away
):
    settings.READYZ_OPTIONAL = ["cache"]
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["failing"] == ["cache"]
    assert body["parts"]["cache"]["required"] is False


def test_readyz_checks_elasticsearch_when_it_is_the_engine(
    client, settings, elasticsearch_url
):
    settings.ELASTICSEARCH_URL = elasticsearch_url
    settings.SEARCH_ENGINE = "elasticsearch"
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["parts"]["search"]["engine"] == "elasticsearch"


def test_readyz_is_503_naming_search_when_elasticsearch_is_away(client, settings):
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{free_port()}"
    settings.SEARCH_ENGINE = "elasticsearch"
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["search"]
    assert body["parts"]["search"] == {
        "state": "down",
        "engine": "elasticsearch",
        "required": True,
    }


def test_readyz_is_503_naming_the_database_when_postgresql_is_unreachable(
    shell_without_database,
):
    script = (
        "from django.test import Client, override_settings;"
        f"override_settings(TASKS={DATABASE_QUEUE!r}).enable();"
        "r = Client().get('/readyz');"
        "b = r.json();"
        "print(r.status_code, b['failing'], b['parts']['tasks']['state'])"
    )
    assert shell_without_database(script) == "503 ['database', 'search', 'tasks'] down"


def test_readyz_reports_the_queue_and_its_oldest_due_task(client, settings):
    settings.TASKS = DATABASE_QUEUE
    queue_task(timedelta(seconds=30))
    queue_task(timedelta(hours=5), run_after=timezone.now() + timedelta(hours=1))
    response = client.get("/readyz")
    assert response.status_code == 200
    tasks = response.json()["parts"]["tasks"]
    assert tasks["state"] == "ok"
    assert tasks["queued"] == 1  # the one waiting for a later time is not due
    assert 30 <= tasks["oldest_seconds"] < 60


def test_readyz_is_503_when_the_oldest_queued_task_waited_too_long(client, settings):
    settings.TASKS = DATABASE_QUEUE
    settings.READYZ_TASKS_MAX_AGE_SECONDS = 600
    queue_task(timedelta(minutes=11))
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["tasks"]
    assert body["parts"]["tasks"]["state"] == "behind"
    assert body["parts"]["tasks"]["oldest_seconds"] >= 660


def test_readyz_is_503_when_the_queue_is_too_long(client, settings):
    settings.TASKS = DATABASE_QUEUE
    settings.READYZ_TASKS_MAX_QUEUED = 2
    for _ in range(3):
        queue_task(timedelta(seconds=1))
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["parts"]["tasks"]["queued"] == 3


def test_a_task_due_after_a_delay_counts_from_when_it_was_due(client, settings):
    settings.TASKS = DATABASE_QUEUE
    queue_task(timedelta(hours=3), run_after=timezone.now() - timedelta(seconds=20))
    tasks = client.get("/readyz").json()["parts"]["tasks"]
    assert 20 <= tasks["oldest_seconds"] < 60


def test_readyz_is_never_cached_nor_page_cached(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    first = client.get("/readyz")
    second = client.get("/readyz")
    assert "no-cache" in first["Cache-Control"]
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
    assert first["Content-Type"] == "application/json"


def test_health_endpoints_are_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/readyz").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/robots.txt").status_code == 301


def test_readyz_needs_no_sign_in_and_refuses_other_methods(client):
    assert client.get("/readyz").status_code == 200
    assert client.post("/readyz").status_code == 405
