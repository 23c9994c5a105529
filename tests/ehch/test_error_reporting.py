"""Error reports through sentry-sdk: sent when SENTRY_DSN is set, with no personal data.

A real Sentry client sends to a small HTTP server on 127.0.0.1 that records
each envelope posted to ``/api/<project>/envelope/``, as Sentry's ingest would.
"""

from __future__ import annotations

import gzip
import json
import threading
import urllib.error
import urllib.request
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sentry_sdk
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from ehch.error_reporting import start_error_reporting
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

PROJECT = "42"


class _Ingest(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        elif encoding == "br":  # sentry-sdk uses it only when brotli is installed
            import brotli

            body = brotli.decompress(body)
        elif encoding:
            raise AssertionError(f"unexpected Content-Encoding {encoding}")
        self.server.received.append((self.path, body))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def ingest():
    """A Sentry-shaped ingest server on a free port, and a DSN pointing at it."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Ingest)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    dsn = f"http://publickey@127.0.0.1:{server.server_address[1]}/{PROJECT}"
    yield server, dsn
    server.shutdown()
    server.server_close()


@pytest.fixture
def reporting(ingest):
    """Error reporting switched on for one test, then off again."""
    server, dsn = ingest
    assert start_error_reporting(dsn, environment="test-env", release="ehch@1.2.3")
    yield server
    sentry_sdk.get_client().close()
    sentry_sdk.get_global_scope().set_client(None)


def _events(server) -> list[dict]:
    sentry_sdk.flush(timeout=5)
    events = []
    for path, body in server.received:
        assert path == f"/api/{PROJECT}/envelope/"
        lines = body.split(b"\n")
        # An envelope: a header line, then (item header, payload) pairs.
        for item_header, payload in zip(lines[1::2], lines[2::2], strict=False):
            if json.loads(item_header).get("type") == "event":
                events.append(json.loads(payload))
    return events


@pytest.mark.urls("tests.ehch.broken_urls")
@pytest.mark.django_db(transaction=True)
def test_an_error_in_a_view_is_reported_without_personal_data(reporting, live_server):
    # A real server (Django's WSGI handler, which Sentry instruments) and a
    # signed-in person's real session cookie.
    person = UserFactory(email="resident.family@example.org", first_name="Agnieszka")
    client = Client()
    client.force_login(person)
    session_cookie = client.cookies["sessionid"].value
    request = urllib.request.Request(  # noqa: S310 - our own server
        f"{live_server.url}/broken/?page=2",
        headers={
            "X-Request-ID": "report-me-7",
            "Cookie": f"sessionid={session_cookie}; voices_visitor=visitor-secret",
        },
    )
    with pytest.raises(urllib.error.HTTPError) as failure:
        urllib.request.urlopen(request, timeout=30)  # noqa: S310 - our own server
    assert failure.value.code == 500
    assert failure.value.headers["X-Request-ID"] == "report-me-7"

    events = _events(reporting)
    assert events, "no event reached the ingest server"
    (event,) = [
        e
        for e in events
        if any(
            v.get("type") == "DeliberateFailure"
            for v in e.get("exception", {}).get("values", [])
        )
    ]
    assert event["tags"]["request_id"] == "report-me-7"
    assert event["environment"] == "test-env"
    assert event["release"] == "ehch@1.2.3"
    assert event["request"]["url"].endswith("/broken/")
    assert "cookies" not in event["request"]
    # Sentry keeps the header's name and drops its value.
    assert event["request"]["headers"].get("Cookie", "") in {"", "[Filtered]"}
    assert "email" not in event.get("user", {})
    assert "ip_address" not in event.get("user", {})

    everything = b"".join(body for _path, body in reporting.received)
    for secret in [
        b"resident.family@example.org",
        b"Agnieszka",
        session_cookie.encode(),
        b"visitor-secret",
    ]:
        assert secret not in everything


def test_without_a_dsn_nothing_starts():
    assert start_error_reporting(None) is False
    assert start_error_reporting("") is False
    assert not sentry_sdk.get_client().is_active()


def test_a_malformed_dsn_is_a_configuration_error():
    with pytest.raises(ImproperlyConfigured, match="SENTRY_DSN"):
        start_error_reporting("not a dsn")


def test_a_malformed_dsn_is_one_clear_line_at_start_up(run_manage):
    result = run_manage("migrate", "--check", env={"SENTRY_DSN": "not a dsn"})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("ehch: configuration error: SENTRY_DSN")


def test_a_sample_rate_out_of_range_is_one_clear_line_at_start_up(run_manage):
    result = run_manage(
        "migrate",
        "--check",
        env={"SENTRY_DSN": "http://k@127.0.0.1:9/1", "SENTRY_TRACES_SAMPLE_RATE": "5"},
    )
    assert result.returncode == 2
    assert "SENTRY_TRACES_SAMPLE_RATE must be between 0 and 1" in result.stderr
