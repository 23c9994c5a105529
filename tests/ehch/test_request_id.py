"""One request id: in the answer's X-Request-ID and on every JSON log line."""

from __future__ import annotations

import io
import json
import logging
import re

import pytest
from django.test import Client

from ehch.logs import logging_config

pytestmark = pytest.mark.django_db

HEX_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def log_lines():
    """What the configured stdout handler writes, as a list of lines."""
    handlers = logging.getLogger("django").handlers
    handler = next(h for h in handlers if h.name == "stdout")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield lambda: stream.getvalue().splitlines()
    handler.setStream(previous)


def test_every_answer_has_a_fresh_request_id(client):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert HEX_ID.fullmatch(first) and HEX_ID.fullmatch(second)
    assert first != second


def test_a_sane_incoming_request_id_is_kept(client):
    response = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.2_B"})
    assert response["X-Request-ID"] == "lb-7f3a.2_B"


@pytest.mark.parametrize(
    "offered",
    ["x" * 65, "has space", "semi;colon", "new\nline", "é", "", "a/b"],
)
def test_an_odd_incoming_request_id_is_replaced(client, offered):
    response = client.get("/healthz", headers={"X-Request-ID": offered})
    assert HEX_ID.fullmatch(response["X-Request-ID"])


def test_log_lines_are_json_with_the_request_id(client, log_lines):
    response = client.get("/no-such-page/")  # Django logs a warning for a 404
    lines = [json.loads(line) for line in log_lines()]
    not_found = next(line for line in lines if line["logger"] == "django.request")
    assert not_found["request_id"] == response["X-Request-ID"]
    assert not_found["level"] == "WARNING"
    assert not_found["message"] == "Not Found: /no-such-page/"
    assert not_found["timestamp"].endswith("+00:00")


@pytest.mark.urls("tests.ehch.broken_urls")
def test_an_error_line_carries_the_traceback_and_the_request_id(log_lines):
    response = Client(raise_request_exception=False).get(
        "/broken/", headers={"X-Request-ID": "trace-me-1"}
    )
    assert response.status_code == 500
    assert response["X-Request-ID"] == "trace-me-1"
    lines = [json.loads(line) for line in log_lines()]
    error = next(line for line in lines if line["level"] == "ERROR")
    assert error["request_id"] == "trace-me-1"
    assert error["logger"] == "django.request"
    assert "DeliberateFailure: the broken view failed on purpose" in error["exception"]
    assert "Traceback (most recent call last)" in error["exception"]


def test_lines_outside_a_request_say_so(log_lines):
    logging.getLogger("ehch.test").warning("between requests")
    (line,) = [json.loads(line) for line in log_lines()]
    assert line["request_id"] == "-"
    assert line["message"] == "between requests"


def test_text_format_is_one_readable_line_with_the_request_id():
    config = logging_config("INFO", "text")
    assert "%(request_id)s" in config["formatters"]["text"]["format"]
    assert config["handlers"]["stdout"]["formatter"] == "text"


def test_an_unknown_log_format_is_one_clear_line_at_start_up(run_manage):
    result = run_manage("migrate", "--check", env={"LOG_FORMAT": "xml"})
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "ehch: configuration error: LOG_FORMAT must be json or text, got 'xml'"
    )
