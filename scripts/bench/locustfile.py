"""The benchmark's mixed workload: anonymous readers and two writers.

Run by scripts/bench/run.sh as ``locust --headless``. Environment:

- ``BENCH_PLAN``: the plan written by prepare.py (pages, forms, the writer);
- ``BENCH_OUT``: where to write this run's measurements (JSON);
- ``BENCH_MARKER``: a string put in every write, to find them again afterwards;
- ``BENCH_TIMELINE`` (optional, the cluster drill): also write every request as
  a JSON line ``[unix time, name, ms, ok]`` (a failure adds its message), so a
  run can be cut into phases;
- ``BENCH_TLS_VERIFY=0`` (optional, the cluster drill): accept the balancer's
  self-signed certificate.

Readers are anonymous visitors with no cookies, so they get what the page
cache gives. The writers keep their own cookies: production settings mark the
session and CSRF cookies Secure, and they say ``X-Forwarded-Proto: https`` as
the TLS proxy in front of the site would, so Django treats them as HTTPS.
Every request's latency is recorded here (not from locust's rounded buckets).
"""

from __future__ import annotations

import itertools
import json
import os
import time
from html.parser import HTMLParser

from locust import FastHttpUser, HttpUser, constant, constant_pacing, events, task

PLAN = json.loads(open(os.environ["BENCH_PLAN"]).read())  # noqa: SIM115
OUT = os.environ["BENCH_OUT"]
MARKER = os.environ["BENCH_MARKER"]
READS = PLAN["reads"]
TIMELINE = os.environ.get("BENCH_TIMELINE")
TLS_VERIFY = os.environ.get("BENCH_TLS_VERIFY", "1") != "0"

samples: dict[str, list[float]] = {}
errors: dict[str, int] = {}
cache_hits: dict[str, int] = {}
writes = {"submissions": 0, "forum replies": 0}
window = {"start": 0.0, "stop": 0.0}
timeline: list[tuple] = []
_counter = itertools.count(1)


@events.test_start.add_listener
def _started(**_kwargs) -> None:
    window["start"] = time.monotonic()


@events.request.add_listener
def _record(name, response_time, exception, response=None, **_kwargs) -> None:
    samples.setdefault(name, []).append(response_time)
    if TIMELINE:
        row = (time.time(), name, response_time, exception is None)
        timeline.append(row if exception is None else (*row, str(exception)[:160]))
    if exception is not None:
        errors[name] = errors.get(name, 0) + 1
    elif response is not None and response.headers.get("X-Page-Cache") == "hit":
        cache_hits[name] = cache_hits.get(name, 0) + 1


@events.test_stop.add_listener
def _stopped(**_kwargs) -> None:
    window["stop"] = time.monotonic()
    with open(OUT, "w") as out:
        json.dump(
            {
                "seconds": window["stop"] - window["start"],
                "samples_ms": samples,
                "errors": errors,
                "cache_hits": cache_hits,
                "writes": writes,
                "marker": MARKER,
            },
            out,
        )
    if TIMELINE:
        with open(TIMELINE, "w") as out:
            out.writelines(json.dumps(row) + "\n" for row in timeline)


class _Form(HTMLParser):
    """The hidden inputs of the page's POST forms (CSRF token, formset counts)."""

    def __init__(self) -> None:
        super().__init__()
        self.hidden: dict[str, str] = {}
        self._in_post_form = False

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        if tag == "form":
            self._in_post_form = (attrs.get("method") or "").lower() == "post"
        elif (
            tag == "input"
            and self._in_post_form
            and attrs.get("type") == "hidden"
            and attrs.get("name")
        ):
            self.hidden[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag) -> None:
        if tag == "form":
            self._in_post_form = False


def hidden_fields(html: str) -> dict[str, str]:
    """Every hidden input of the POST forms on a page."""
    parser = _Form()
    parser.feed(html)
    return parser.hidden


class Reader(FastHttpUser):
    """An anonymous visitor reading pages back to back."""

    wait_time = constant(0)

    def _get(self, name: str) -> None:
        with self.client.get(READS[name], name=name, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")

    @task(3)
    def home(self) -> None:  # noqa: D102
        self._get("home")

    @task(2)
    def case_study_list(self) -> None:  # noqa: D102
        self._get("case study list")

    @task(3)
    def faceted_list(self) -> None:  # noqa: D102
        self._get("faceted list")

    @task(3)
    def case_study_page(self) -> None:  # noqa: D102
        self._get("case study page")

    @task(2)
    def site_search(self) -> None:  # noqa: D102
        self._get("site search")

    @task(2)
    def forum_topic(self) -> None:  # noqa: D102
        self._get("forum topic")

    @task(2)
    def residents_index(self) -> None:  # noqa: D102
        self._get("residents' index")


class _Writer(HttpUser):
    """A browser-like writer: its own cookie header, HTTPS as the proxy says."""

    abstract = True

    def on_start(self) -> None:  # noqa: D102
        self.client.verify = TLS_VERIFY
        if not TLS_VERIFY:
            import urllib3

            urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
        self.cookies: dict[str, str] = {}
        self.origin = self.host.replace("http://", "https://")

    def _headers(self, path: str) -> dict[str, str]:
        headers = {"X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        headers["Origin"] = self.origin
        headers["Referer"] = self.origin + path
        return headers

    def _keep_cookies(self, response) -> None:
        for name, value in response.cookies.items():
            self.cookies[name] = value

    def fetch_form(self, path: str, name: str) -> dict[str, str] | None:
        """GET a form page; return its hidden fields, or None on failure."""
        with self.client.get(
            path, name=name, headers=self._headers(path), catch_response=True
        ) as r:
            self._keep_cookies(r)
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
                return None
            return hidden_fields(r.text)

    def post_form(self, path: str, name: str, data: dict) -> bool:
        """POST a form; success is the redirect a saved form answers with."""
        with self.client.post(
            path,
            data=data,
            name=name,
            headers=self._headers(path),
            allow_redirects=False,
            catch_response=True,
        ) as r:
            self._keep_cookies(r)
            if r.status_code != 302:
                r.failure(f"HTTP {r.status_code}, not a redirect")
                return False
            return True


class ShareWriter(_Writer):
    """A family member sharing a view through the residents' form."""

    fixed_count = 1
    wait_time = constant_pacing(1.0)

    @task
    def share(self) -> None:  # noqa: D102
        url = PLAN["share_url"]
        fields = self.fetch_form(url, "share form (GET)")
        if fields is None:
            return
        number = next(_counter)
        data = {
            **fields,
            "sharer_role": "family",
            "text": f"Good care is a kind word at tea time. [{MARKER}-share-{number}]",
            "consent_to_publish": "on",
            "website": "",
        }
        if self.post_form(url, data=data, name="share form (POST)"):
            writes["submissions"] += 1


class ForumWriter(_Writer):
    """A signed-in member replying in a forum topic."""

    fixed_count = 1
    wait_time = constant_pacing(1.5)

    def on_start(self) -> None:  # noqa: D102
        super().on_start()
        login = PLAN["login_url"]
        fields = self.fetch_form(login, "login (GET)")
        if fields is None:
            return
        self.post_form(
            login,
            data={
                **fields,
                "login": PLAN["writer"]["email"],
                "password": PLAN["writer"]["password"],
            },
            name="login (POST)",
        )

    @task
    def reply(self) -> None:  # noqa: D102
        url = PLAN["reply_url"]
        fields = self.fetch_form(url, "forum reply (GET)")
        if fields is None:
            return
        number = next(_counter)
        data = {
            **fields,
            "subject": "Re: Benchmark replies",
            "content": f"Weekly rounds helped us too. [{MARKER}-reply-{number}]",
        }
        if self.post_form(url, data=data, name="forum reply (POST)"):
            writes["forum replies"] += 1
