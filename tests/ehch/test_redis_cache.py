"""CACHE_URL=redis://: the page cache, sessions and rate limits in a real Redis.

The shared server (REDIS_URL) serves the working cases; outages use a server
of the test's own (``own_redis``), stopped for real, or paused so that it
keeps its data but stops answering, as across a network cut.
"""

from __future__ import annotations

import logging
import time

import pytest
from django.core import mail
from django.core.cache import cache

from ehch import rediscache
from ehch.accounts.ratelimit import hit
from ehch.rediscache import CacheUnavailable
from ehch.settings.environment import attachment_cache_config, cache_config
from tests.casestudies.factories import CaseStudyFactory, build_site
from tests.members.factories import PASSWORD, approved_member

pytestmark = pytest.mark.django_db

CACHED_DB = "django.contrib.sessions.backends.cached_db"


def use_redis(settings, url: str, **options) -> None:
    """Point the default cache at ``url`` as CACHE_URL would, sessions too."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "ehch.rediscache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "socket_connect_timeout": 0.2,
                "socket_timeout": 0.2,
                "RETRY_SECONDS": 0,
                **options,
            },
        },
    }
    settings.SESSION_ENGINE = CACHED_DB
    rediscache._OUTAGES.clear()  # each test's server is a new one
    cache.clear()


@pytest.fixture
def shared_redis(settings, redis_url):
    use_redis(settings, redis_url)
    yield redis_url
    cache.clear()
    rediscache._OUTAGES.clear()


@pytest.fixture
def pages(settings):
    settings.PAGE_CACHE_SECONDS = 600
    _, index = build_site()
    CaseStudyFactory(parent=index, title="Falls prevention in Leeds")
    return "/case-studies/"


def outage_records(caplog, level=logging.ERROR):
    return [
        r for r in caplog.records if r.name == "ehch.rediscache" and r.levelno == level
    ]


def test_cache_url_redis_selects_the_resilient_redis_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("CACHE_URL", "redis://cache.internal:6379/2")
    config = cache_config(tmp_path)
    assert config["BACKEND"] == "ehch.rediscache.ResilientRedisCache"
    assert config["LOCATION"] == "redis://cache.internal:6379/2"
    assert config["OPTIONS"]["socket_timeout"] == 0.5


def test_a_page_cache_hit_is_served_from_redis(client, shared_redis, pages):
    first = client.get(pages)
    second = client.get(pages)
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    raw = cache._cache.get_client()
    assert raw.keys("*pagecache:*"), "the page was not stored in Redis"


def test_sessions_are_written_to_redis_and_the_database(client, shared_redis):
    from django.contrib.sessions.models import Session

    member = approved_member()
    client.force_login(member)
    key = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=key).exists()
    assert cache.get(f"django.contrib.sessions.cached_db{key}") is not None


def test_pages_answer_200_uncached_when_redis_stops_and_the_outage_is_logged_once(
    client, settings, own_redis, pages, caplog
):
    use_redis(settings, own_redis.url, RETRY_SECONDS=0, LOG_SECONDS=60)
    assert client.get(pages)["X-Page-Cache"] == "miss"
    assert client.get(pages)["X-Page-Cache"] == "hit"

    own_redis.stop()
    with caplog.at_level(logging.WARNING):
        responses = [client.get(pages) for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 200]
    assert all("Falls prevention in Leeds" in r.content.decode() for r in responses)
    assert all(r.get("X-Page-Cache") != "hit" for r in responses)
    (record,) = outage_records(caplog)  # once per interval, not once per call
    assert "not answering" in record.getMessage()

    own_redis.start()
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        assert client.get(pages)["X-Page-Cache"] == "miss"
    assert outage_records(caplog, logging.WARNING), "the recovery was not logged"
    assert client.get(pages)["X-Page-Cache"] == "hit"


def test_a_redis_outage_signs_nobody_out(client, settings, own_redis):
    use_redis(settings, own_redis.url)
    member = approved_member()
    client.force_login(member)
    assert client.get("/members/me/").status_code == 200

    own_redis.stop()
    response = client.get("/members/me/")
    assert response.status_code == 200
    assert response.wsgi_request.user == member
    # Signing in and out still work: the database holds the sessions.
    client.post("/accounts/logout/")
    assert client.get("/members/me/").status_code == 302
    response = client.post(
        "/accounts/login/", {"login": member.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/members/me/").wsgi_request.user == member


def test_a_session_ended_while_redis_was_cut_off_stays_ended_when_it_is_back(
    client, settings, own_redis
):
    # A pause keeps Redis's data but stops it answering, as a network cut
    # would: the sign-out cannot delete the cached copy of the session.
    use_redis(settings, own_redis.url, RETRY_SECONDS=1)
    member = approved_member()
    client.force_login(member)
    old_key = client.cookies["sessionid"].value
    stale = f":1:django.contrib.sessions.cached_db{old_key}"
    raw = own_redis.client()
    assert raw.exists(stale)

    raw.execute_command("CLIENT", "PAUSE", 800, "ALL")
    client.post("/accounts/logout/")
    time.sleep(1.2)  # the pause is over and the cache will try Redis again
    assert raw.exists(stale), "the pause should have kept the stale copy"

    client.cookies["sessionid"] = old_key
    response = client.get("/members/me/")
    assert response.status_code == 302
    assert not response.wsgi_request.user.is_authenticated
    assert not raw.exists(stale)


def test_while_redis_is_down_most_limits_allow_and_say_so(settings, own_redis, caplog):
    use_redis(settings, own_redis.url)
    own_redis.stop()
    with caplog.at_level(logging.WARNING):
        assert [hit("forum-post", "user:1", 1, 60) for _ in range(3)] == [None] * 3
    assert any("not counted" in r.getMessage() for r in caplog.records)
    with pytest.raises(CacheUnavailable):
        hit("signup", "ip:10.0.0.1", 5, 60, fail_closed=True)


def test_sign_up_and_password_reset_refuse_while_redis_is_down(
    client, settings, own_redis
):
    use_redis(settings, own_redis.url)
    member = approved_member()
    mail.outbox.clear()
    own_redis.stop()
    signup = client.post(
        "/accounts/signup/",
        {"email": "new@example.org", "password1": "x" * 12, "password2": "x" * 12},
    )
    reset = client.post("/accounts/password/reset/", {"email": member.email})
    for response in (signup, reset):
        assert response.status_code == 503
        assert response["Retry-After"] == "60"
        assert "Please try again in a minute" in response.content.decode()
    assert mail.outbox == []


def test_the_sign_in_lock_out_still_locks_while_redis_is_down(
    client, settings, own_redis
):
    use_redis(settings, own_redis.url)
    member = approved_member()
    own_redis.stop()
    statuses = [
        client.post(
            "/accounts/login/",
            {"login": member.email, "password": "wrong"},
            REMOTE_ADDR="10.1.1.1",
        ).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses[-1] == 429
    right = client.post(
        "/accounts/login/",
        {"login": member.email, "password": PASSWORD},
        REMOTE_ADDR="10.1.1.1",
    )
    assert right.status_code == 429


def test_a_redis_that_stops_answering_costs_one_timeout_per_retry_period(
    settings, own_redis
):
    use_redis(settings, own_redis.url, RETRY_SECONDS=30)
    own_redis.stop()
    started = time.monotonic()
    for _ in range(50):
        assert cache.get("anything") is None
        cache.set("anything", 1)
    assert time.monotonic() - started < 1
    assert not cache.available


def test_the_search_breaker_does_not_fail_a_search_while_redis_is_down(
    settings, own_redis, caplog
):
    from search import breaker

    use_redis(settings, own_redis.url)
    own_redis.stop()
    with caplog.at_level(logging.WARNING):
        breaker.record_failure("timed out")
        assert breaker.is_open() is False
        breaker.record_success()
    assert any("not counted" in r.getMessage() for r in caplog.records)


def test_attachments_kept_at_preview_reach_another_server_through_redis(
    settings, redis_url, tmp_path
):
    """A preview answered by one server and the submit by another keep the files.

    Each "server" is its own cache handler and machina AttachmentCache, so
    nothing is shared in the process: only Redis carries the files between them.
    """
    from django.core.cache import CacheHandler
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils.datastructures import MultiValueDict
    from machina.apps.forum_conversation.forum_attachments.cache import (
        AttachmentCache,
    )

    default = {"BACKEND": "ehch.rediscache.ResilientRedisCache", "LOCATION": redis_url}
    config = attachment_cache_config(default, tmp_path)
    assert config["LOCATION"] == redis_url
    assert config["KEY_PREFIX"] == "machina-attachments"
    settings.CACHES = {**settings.CACHES, "machina_attachments": config}

    def server() -> AttachmentCache:
        handler = CacheHandler(settings.CACHES)
        attachments = AttachmentCache.__new__(AttachmentCache)
        attachments.backend = handler["machina_attachments"]
        return attachments

    files = MultiValueDict(
        {"attachment": [SimpleUploadedFile("plan.pdf", b"%PDF-1.4 falls plan")]}
    )
    server().set("preview-123", files)
    kept = server().get("preview-123")
    assert kept["attachment"].name == "plan.pdf"
    assert kept["attachment"].read() == b"%PDF-1.4 falls plan"
    server().delete("preview-123")
    assert not server().get("preview-123")


def test_without_a_shared_cache_attachments_wait_in_a_folder_for_an_hour(tmp_path):
    config = attachment_cache_config(
        {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache"}, tmp_path
    )
    assert config["LOCATION"] == str(tmp_path)
    assert config["TIMEOUT"] == 3600
