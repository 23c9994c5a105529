"""Failure drills against the real services: Elasticsearch stops, PostgreSQL restarts.

Elasticsearch is paused with SIGSTOP (so it keeps its data, as a crashed and
restarted node would) and resumed with SIGCONT; PostgreSQL is restarted for real
with `scripts/services/postgres.sh restart` in the middle of a write.
"""

import os
import re
import signal
import subprocess
from pathlib import Path

import pytest
import requests
from django.db.models.signals import post_save

from casestudies.models import CaseStudyIndexPage
from cms.voices.models import Submission, SubmissionContact
from search import es_index
from search.models import IndexEntry
from tests.casestudies.factories import CaseStudyFactory, build_site

REPO = Path(__file__).resolve().parents[2]
# They pause Elasticsearch and restart PostgreSQL, which every other test
# process shares: scripts/test/run.sh runs them alone, after the rest.
pytestmark = pytest.mark.exclusive


def _state_dir(variable: str, default: str) -> Path:
    folder = os.environ.get(variable) or str(REPO / ".cache" / "services" / default)
    path = Path(folder)
    if not path.is_dir():
        pytest.fail(f"{variable} ({path}) is missing: run the suite with make test")
    return path


@pytest.fixture
def paused_elasticsearch():
    """Pause the real Elasticsearch; always resume it, even if the test fails."""
    pid = int((_state_dir("ES_STATE_DIR", "elasticsearch") / "es.pid").read_text())
    paused = {"on": False}

    def pause():
        os.kill(pid, signal.SIGSTOP)
        paused["on"] = True

    def resume():
        if paused["on"]:
            os.kill(pid, signal.SIGCONT)
            paused["on"] = False

    yield pause, resume
    resume()


@pytest.mark.django_db
def test_search_degrades_while_elasticsearch_is_stopped_and_catches_up_after(
    client, settings, elasticsearch_url, paused_elasticsearch
):
    import uuid

    pause, resume = paused_elasticsearch
    settings.ELASTICSEARCH_URL = elasticsearch_url
    settings.SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_INDEX_PREFIX = f"drill-{uuid.uuid4().hex[:8]}"
    settings.ELASTICSEARCH_TIMEOUT = 1
    from search.client import _client_for

    _client_for.cache_clear()
    try:
        _, index = build_site()
        CaseStudyFactory(parent=index, title="Before the outage", summary="Aardvark.")
        es_index.refresh()

        pause()
        response = client.get("/case-studies/?q=aardvark")
        assert response.status_code == 200
        assert "Search is running in a simpler mode" in response.content.decode()
        assert "Before the outage" in response.content.decode()
        # Publishing still works; the change waits for Elasticsearch.
        CaseStudyFactory(
            parent=CaseStudyIndexPage.objects.get(),
            title="During the outage",
            summary="Aardvark again.",
        )
        assert IndexEntry.objects.get(title="During the outage").es_dirty
        assert client.get("/search/?q=aardvark").status_code == 200

        resume()
        from search.tasks import sync_pending

        sync_pending.enqueue()  # what the scheduled sync does through the task queue
        es_index.refresh()
        body = client.get("/case-studies/?q=aardvark&format=json").json()
        assert body["engine"] == "elasticsearch" and body["degraded"] is False
        assert sorted(r["title"] for r in body["results"]) == [
            "Before the outage",
            "During the outage",
        ]
    finally:
        resume()
        es_index.drop_everything()
        _client_for.cache_clear()


def _restart_postgres() -> None:
    _state_dir("PG_STATE_DIR", "postgres")
    subprocess.run(  # noqa: S603 - our own script
        [str(REPO / "scripts" / "services" / "postgres.sh"), "restart"],
        check=True,
        capture_output=True,
        timeout=120,
    )


def _share(session: requests.Session, base: str, text: str) -> requests.Response:
    form = session.get(f"{base}/what-good-looks-like/share/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    return session.post(
        f"{base}/what-good-looks-like/share/",
        data={
            "csrfmiddlewaretoken": token,
            "sharer_role": "resident",
            "text": text,
            "consent_to_publish": "on",
            "contact_email": "drill@example.org",
            "website": "",
        },
        headers={"Referer": f"{base}/what-good-looks-like/share/"},
        allow_redirects=False,
        timeout=60,
    )


@pytest.mark.django_db(transaction=True)
def test_a_postgres_restart_during_a_write_fails_cleanly_and_the_next_write_succeeds(
    live_server,
):
    restarted = {"done": False}

    def restart_mid_write(sender, instance, created, **kwargs):
        # The submission row is written; its contact row is not yet.
        if created and not restarted["done"]:
            restarted["done"] = True
            _restart_postgres()

    post_save.connect(restart_mid_write, sender=Submission, dispatch_uid="drill")
    try:
        session = requests.Session()
        failed = _share(
            session, live_server.url, "Written while the database restarts."
        )
    finally:
        post_save.disconnect(sender=Submission, dispatch_uid="drill")
    assert restarted["done"]
    assert failed.status_code == 503
    assert "Nothing was saved" in failed.text
    assert "Traceback" not in failed.text

    from django.db import connection

    connection.close()  # this test's own connection died with the restart too
    assert Submission.objects.count() == 0  # nothing half-saved
    assert SubmissionContact.objects.count() == 0

    retried = _share(session, live_server.url, "Written after the restart.")
    assert retried.status_code == 302, retried.text[:500]
    assert list(Submission.objects.values_list("text", flat=True)) == [
        "Written after the restart."
    ]
