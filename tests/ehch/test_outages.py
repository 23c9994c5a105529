"""A lost database answers 503 for signed-in readers too; a bad Host is a warning."""

from __future__ import annotations

import logging
import socket

import pytest
from django.test import Client


def _closed_port() -> int:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now: connecting is refused
    return port


def test_signed_in_pages_answer_the_designed_503_when_postgresql_is_unreachable(
    run_manage,
):
    # A fresh process whose PostgreSQL port is closed. The reader carries a
    # session cookie, so the session and user are looked up in middleware,
    # before any view, as for every signed-in reader.
    script = (
        "from django.test import Client;"
        "c = Client(raise_request_exception=False);"
        "c.cookies['sessionid'] = 'a' * 32;"
        "urls = ['/', '/members/me/', '/forum/', '/case-studies/', '/search/?q=x'];"
        "rs = [c.get(u) for u in urls];"
        "print([r.status_code for r in rs]);"
        "print(all('lost touch with its database' in r.content.decode() for r in rs))"
    )
    result = run_manage(
        "shell",
        "-c",
        script,
        env={"DATABASE_URL": f"postgres://nobody@127.0.0.1:{_closed_port()}/none"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-2:] == [str([503] * 5), "True"]


@pytest.mark.django_db
def test_a_real_error_is_still_a_500(client, settings):
    from ehch import dberrors

    request = Client().get("/").wsgi_request
    try:
        raise ValueError("a bug")
    except ValueError:
        response = dberrors.server_error(request)
    assert response.status_code == 500


def test_a_bad_host_logs_one_warning_line_without_a_traceback(client):
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append((record, self.format(record)))

    logger = logging.getLogger("django.security.DisallowedHost")
    handler = Keep()
    logger.addHandler(handler)
    try:
        response = Client().get("/", HTTP_HOST="evil.example")
    finally:
        logger.removeHandler(handler)
    assert response.status_code == 400
    assert len(records) == 1
    record, text = records[0]
    assert record.levelname == "WARNING"
    assert "evil.example" in text
    assert "Traceback" not in text and "\n" not in text
