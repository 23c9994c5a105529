"""Suite-wide fixtures: the real services that `make test` starts.

The suite refuses to run without them rather than skipping what needs them:
a skipped PostgreSQL or Elasticsearch test would hide a broken feature.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

REPO = Path(__file__).resolve().parent.parent

MISSING_SERVICES = """
The test suite needs a real PostgreSQL and a real Elasticsearch.
`make test` starts both (scripts/services/with-services.sh) and sets:
  DATABASE_URL        postgres://...   (now: {db!r})
  ELASTICSEARCH_URL   http://...       (now: {es!r})
Run `make test`, or start the services yourself and export both variables.
"""


def pytest_configure(config: pytest.Config) -> None:
    """Stop at once, naming what is missing, when the real services are absent."""
    db = os.environ.get("DATABASE_URL", "")
    es = os.environ.get("ELASTICSEARCH_URL", "")
    if not db.startswith(("postgres://", "postgresql://")) or not es:
        pytest.exit(MISSING_SERVICES.format(db=db, es=es), returncode=3)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """In an xdist worker, hand the browser summary to the controller."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        from tests.browser.summary import hand_over

        hand_over(workeroutput)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    """In the xdist controller, merge a finished worker's browser summary."""
    from tests.browser.summary import take_over

    take_over(getattr(node, "workeroutput", {}))


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Print the axe-core page-by-page table at the end of every run."""
    if getattr(config, "workeroutput", None) is None:
        from tests.browser.summary import write

        write(terminalreporter)


@pytest.fixture(scope="session")
def elasticsearch_url() -> str:
    """The URL of the real Elasticsearch server started for this run."""
    return os.environ["ELASTICSEARCH_URL"]


MISSING_REDIS = """
The Redis tests need a real Redis server: `make test` starts one
(scripts/services/redis.sh) and sets REDIS_URL (now: {url!r}). Start it with
`scripts/services/redis.sh start` and export REDIS_URL from
.cache/services/redis/url.
"""


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The URL of the real Redis server started for this run; fails without one."""
    url = os.environ.get("REDIS_URL", "")
    if not url.startswith("redis://"):
        pytest.fail(MISSING_REDIS.format(url=url), pytrace=False)
    return worker_database(url)


def worker_database(url: str) -> str:
    """``url`` with a Redis database of this xdist worker's own.

    The Redis tests empty their database (``cache.clear()`` is FLUSHDB): two
    workers on one database would empty each other's. gw0 takes 1, gw1 2...;
    a run without workers keeps the database in ``url``.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if not worker.startswith("gw"):
        return url
    return urlsplit(url)._replace(path=f"/{int(worker[2:]) + 1}").geturl()


MISSING_KEYCLOAK = """
Organisation sign-in tests need the throwaway Keycloak that make test starts
(scripts/services/keycloak.sh) and its address in KEYCLOAK_URL (now: {url!r}).
Start it with `scripts/services/keycloak.sh start` and export KEYCLOAK_URL
from .cache/services/keycloak/url.
"""


@pytest.fixture(scope="session")
def keycloak_url() -> str:
    """The real Keycloak's address, its test realm answering; fails without one."""
    import requests

    url = os.environ.get("KEYCLOAK_URL", "").rstrip("/")
    try:
        answer = requests.get(
            f"{url}/realms/ehch-test/.well-known/openid-configuration", timeout=10
        )
        answer.raise_for_status()
    except (requests.RequestException, ValueError):
        pytest.fail(MISSING_KEYCLOAK.format(url=url), pytrace=False)
    return url


MISSING_S3 = """
The object-storage tests need a real S3-compatible server: `make test` starts
S3Proxy (scripts/services/s3.sh) and sets S3_ENDPOINT_URL (now: {url!r}) and
S3_CREDENTIALS ("key secret"). Start it with `scripts/services/s3.sh start`
and export both from .cache/services/s3/url and .cache/services/s3/credentials.
"""


@pytest.fixture
def object_store(settings, monkeypatch, tmp_path):
    """Uploads go to a fresh bucket of this test's own on the real S3 server.

    Configured the way an operator would (AWS_* variables read by
    ``default_storage_config``); MEDIA_ROOT points at an empty folder so a
    test can show nothing lands on local disk. Yields (boto3 client, bucket).
    """
    import uuid

    import boto3

    from ehch.settings.environment import default_storage_config

    url = os.environ.get("S3_ENDPOINT_URL", "")
    credentials = os.environ.get("S3_CREDENTIALS", "").split()
    if not url.startswith("http") or len(credentials) != 2:
        pytest.fail(MISSING_S3.format(url=url), pytrace=False)
    key, secret = credentials
    bucket = f"ehch-test-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=url,
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=bucket)
    for name, value in {
        "AWS_STORAGE_BUCKET_NAME": bucket,
        "AWS_S3_ENDPOINT_URL": url,
        "AWS_ACCESS_KEY_ID": key,
        "AWS_SECRET_ACCESS_KEY": secret,
        "AWS_S3_REGION_NAME": "us-east-1",
    }.items():
        monkeypatch.setenv(name, value)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_config()}
    yield client, bucket
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            client.delete_object(Bucket=bucket, Key=item["Key"])
    client.delete_bucket(Bucket=bucket)


@pytest.fixture
def own_redis(tmp_path):
    """A Redis server of this test's own, to stop and start (tests/redis_server.py)."""
    from tests.redis_server import MISSING, RedisServer

    try:
        server = RedisServer(tmp_path)
    except RuntimeError:
        pytest.fail(MISSING, pytrace=False)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def run_manage():
    """Run ``manage.py`` in a fresh process with extra environment variables."""

    def run(
        *args: str,
        env: dict[str, str] | None = None,
        unset: tuple[str, ...] = (),
        timeout: int = 120,
    ):
        full_env = {k: v for k, v in os.environ.items() if k not in unset}
        full_env.update(env or {})
        full_env.setdefault("DJANGO_SETTINGS_MODULE", "ehch.settings.test")
        return subprocess.run(  # noqa: S603 - fixed interpreter and script
            [sys.executable, str(REPO / "manage.py"), *args],
            env=full_env,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=REPO,
            check=False,
        )

    return run


@pytest.fixture
def shell_without_database(run_manage):
    """Run a ``manage.py shell -c`` script whose PostgreSQL port is closed.

    Returns the script's last line of output.
    """
    from tests.redis_server import free_port

    def run(script: str) -> str:
        closed = f"postgres://nobody@127.0.0.1:{free_port()}/none"
        result = run_manage("shell", "-c", script, env={"DATABASE_URL": closed})
        assert result.returncode == 0, result.stderr
        return result.stdout.strip().splitlines()[-1]

    return run


@pytest.fixture(autouse=True)
def _empty_cache():
    """Start every test with an empty cache: a rolled-back test leaves none behind."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _every_email_has_a_text_and_an_html_part(settings):
    """After every test, each email it sent is two-part, on the site's address.

    Suite-wide, so every kind of email any test sends is held to it: a plain
    text part and an HTML part in the site's layout (ehch/emails.py), a
    one-line subject, one-click headers only as a pair, and no ``localhost``
    link unless ``SITE_URL`` names it.
    """
    yield
    from django.core import mail
    from django.core.mail import EmailMultiAlternatives

    for message in getattr(mail, "outbox", []):
        where = f"email {message.subject!r}"
        assert isinstance(message, EmailMultiAlternatives), f"{where}: text only"
        html = [body for body, kind in message.alternatives if kind == "text/html"]
        assert len(html) == 1, f"{where}: no HTML part"
        assert '<html lang="en-GB">' in html[0], f"{where}: not in the email layout"
        assert message.body.strip(), f"{where}: empty text part"
        assert "\n" not in message.subject, f"{where}: subject on two lines"
        headers = message.extra_headers
        assert ("List-Unsubscribe" in headers) == (
            "List-Unsubscribe-Post" in headers
        ), f"{where}: one-click headers must come as a pair"
        if "localhost" not in settings.SITE_URL:
            for part in (message.body, html[0]):
                assert "://localhost" not in part, f"{where}: names localhost"


@pytest.fixture
def flaky_email():
    """Email that fails ``failures_left`` times, then delivers to mail.outbox."""
    from django.test import override_settings

    from tests.voices.failing_email import FlakyEmailBackend

    FlakyEmailBackend.failures_left = 0
    with override_settings(
        EMAIL_BACKEND="tests.voices.failing_email.FlakyEmailBackend"
    ):
        yield FlakyEmailBackend
    FlakyEmailBackend.failures_left = 0
