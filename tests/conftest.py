"""Suite-wide fixtures: the real services that `make test` starts.

The suite refuses to run without them rather than skipping what needs them:
a skipped PostgreSQL or Elasticsearch test would hide a broken feature.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


@pytest.fixture(scope="session")
def elasticsearch_url() -> str:
    """The URL of the real Elasticsearch server started for this run."""
    return os.environ["ELASTICSEARCH_URL"]


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


@pytest.fixture(autouse=True)
def _empty_cache():
    """Start every test with an empty cache: a rolled-back test leaves none behind."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


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
