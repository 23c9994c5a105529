"""Hostile input at every URL: no request may answer 500 or half-save a form.

The test walks Django's URL resolver (every pattern, named or not, including
machina's, allauth's and Wagtail's admin), adds every live page of the demo
site and the routes beneath them, and then, as a visitor and as a signed-in
member:

- fills each path argument with hostile values (non-ASCII digits, huge,
  negative, NUL, very long, other scripts, ``../``, empty);
- sends each query parameter the site reads with those values, one at a time
  on the pages that read parameters and all together elsewhere, and repeated;
- posts those values into every field of every form the GET showed, and
  checks that a refused form left every table's row count as it was.

Failures are collected and reported together, so one run names every 500.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.models import Page

from casestudies.models import CaseStudyIndexPage
from cms.voices import moderation
from cms.voices.roles import ensure_voice_roles
from ehch.accounts.role_setup import set_up_roles
from forum.structure import ensure_forum_tree
from tests.casestudies.factories import CaseStudyFactory
from tests.cms.factories import build_cms_site
from tests.forum.conftest import PUBLIC, make_reply, make_topic
from tests.members.factories import approved_member
from tests.voices.factories import SubmissionFactory, ThemeFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    "²",  # isdigit() is true, int() refuses it
    "٣",  # Arabic-Indic three: int() accepts it
    "１２",  # full-width digits
    "99999999999999999999999",
    "2147483648",  # one past PostgreSQL's integer
    "-1",
    "0",
    "abc",
    "a\x00b",
    "x" * 3000,
    "漢字 é ☃",
    "../../etc/passwd",
    "",
    "%00",
    "1e9",
    " 1",
]
MOST_HOSTILE = ["²", "٣", "99999999999999999999999", "-1", "a\x00b", "x" * 3000, ""]
# Wagtail's and Django's admin: visitors and members are sent to sign in before
# any argument is read, so a few values per route are enough there.
STAFF_ONLY = ("admin/", "django-admin/", "^admin/")
STAFF_ONLY_VALUES = {"²", "a\x00b", "2147483648", "x" * 3000}
# Values that fit the path converters' own patterns (int: ASCII digits, slug).
CONVERTER_VALUES = {
    "int": ["0", "2147483648", "99999999999999999999999", "000001"],
    "slug": ["x" * 3000, "-", "__", "a-b", "abc"],
}
# Every query parameter a view of this site reads (grep request.GET, forms).
PARAMETERS = [
    "ids",
    "compare",
    "post",
    "page",
    "q",
    "type",
    "sort",
    "format",
    "approach",
    "rollout",
    "resourcing",
    "challenge",
    "region",
    "lead",
    "element",
    "provenance",
    "status",
    "next",
    "scope",
    "querystring",
    "theme",
]
# Pages whose views read query parameters: each parameter is tried alone here.
PARAMETER_PAGES = [
    "/case-studies/",
    "/case-studies/compare/",
    "/search/",
    "/forum/tools/report/",
    "/what-good-looks-like/",
    "/members/me/",
    "/forum/",
]
# Tables that change on any request whatever its outcome (sessions, sign-in
# attempts, audit of refusals), not content a refused form could half-save.
CHURNING_TABLES = {
    "django_session",
    "axes_accessattempt",
    "axes_accessfailurelog",
    "axes_accesslog",
    "django_tasks_database_dbtaskresult",
}
SKIPPED_PREFIXES = (
    "/static/",
    "/media/",
    "/accounts/logout/",  # would sign the member out mid-run
    "/members/me/delete/",  # deletes the member
)
FORM = re.compile(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", re.S | re.I)
ACTION = re.compile(r"action=\"([^\"]*)\"")
FIELD = re.compile(r"<(?:input|textarea|select)[^>]*name=\"([^\"]+)\"[^>]*>", re.I)


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


_PLACEHOLDER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def _fill(route: str, value_for) -> str | None:
    """Turn a route (path or regex syntax) into a URL, or None if not possible."""
    route = _PLACEHOLDER.sub(
        lambda m: value_for(m.group("converter") or "str", m.group("name")), route
    )
    # Regex routes: replace each named group with a value of its own kind.
    out, i = [], 0
    while i < len(route):
        if route.startswith("(?P<", i):
            name_end = route.index(">", i)
            depth, j = 1, name_end + 1
            while depth:
                depth += (
                    {"(": 1, ")": -1}.get(route[j], 0) if route[j - 1] != "\\" else 0
                )
                j += 1
            body = route[name_end + 1 : j - 1]
            converter = "int" if body.startswith(("[0-9]", "\\d")) else "str"
            out.append(value_for(converter, route[i + 4 : name_end]))
            i = j
        else:
            out.append(route[i])
            i += 1
    url = "".join(out).replace("^", "").replace("$", "").replace("\\Z", "")
    url = url.replace("((?:[\\w\\-]+/)*)", "")  # Wagtail's page catch-all
    if re.search(r"[()\[\]\\?*+|]", url.split("?")[0]):
        return None
    return "/" + url


def _routes() -> list[str]:
    return sorted(set(_walk(get_resolver().url_patterns)))


def _benign(converter: str, _name: str) -> str:
    return "1" if converter == "int" else "1"


def _path_cases() -> list[str]:
    urls = []
    for route in _routes():
        if not _PLACEHOLDER.search(route) and "(?P<" not in route:
            continue
        values = {*HOSTILE, *sum(CONVERTER_VALUES.values(), [])}
        if route.startswith(STAFF_ONLY):
            values = STAFF_ONLY_VALUES  # visitors and members are sent away first
        for value in sorted(values):

            def value_for(converter, _name, value=value):
                if converter == "int" and not re.fullmatch(r"[0-9]+", value):
                    return "1"  # the resolver would refuse it with 404 anyway
                return quote(value, safe="")

            url = _fill(route, value_for)
            if url:
                urls.append(url)
    return urls


def _plain_urls() -> list[str]:
    urls = {_fill(route, _benign) for route in _routes()}
    pages = [p.url for p in Page.objects.live().specific() if p.url]
    urls |= set(pages) | {"/case-studies/compare/", "/case-studies/regions/"}
    return sorted(u for u in urls if u and not u.startswith(SKIPPED_PREFIXES))


def _query_cases(urls: list[str]) -> list[str]:
    cases = []
    for url in urls:
        if url.startswith(tuple("/" + p for p in STAFF_ONLY)):
            continue
        for value in MOST_HOSTILE:
            cases.append(url + "?" + urlencode(dict.fromkeys(PARAMETERS, value)))
        cases.append(
            url + "?" + urlencode([(p, v) for p in PARAMETERS for v in HOSTILE])
        )
    for url in PARAMETER_PAGES:
        for parameter in PARAMETERS:
            for value in MOST_HOSTILE:
                cases.append(f"{url}?{urlencode({parameter: value})}")
            cases.append(f"{url}?{urlencode([(parameter, v) for v in HOSTILE[:6]])}")
    return cases


def _row_counts() -> dict[str, int]:
    tables = [
        t for t in connection.introspection.table_names() if t not in CHURNING_TABLES
    ]
    sql = " UNION ALL ".join(
        f"SELECT '{t}', count(*) FROM {connection.ops.quote_name(t)}"  # noqa: S608
        for t in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


class Fuzzer:
    """Sends requests, collecting every 500 (or exception) with its URL."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.failures: list[str] = []
        self.count = 0

    def send(self, method: str, url: str, data: dict | None = None):
        self.count += 1
        try:
            response = getattr(self.client, method)(url, data or {})
        except Exception as exc:  # noqa: BLE001 - reported below with the URL
            self.failures.append(f"{method.upper()} {url[:200]!r}: {exc!r}"[:400])
            return None
        if response.status_code >= 500:
            self.failures.append(
                f"{method.upper()} {url[:200]!r}: {response.status_code}"
            )
        return response


def _forms(response) -> list[tuple[str, list[str]]]:
    if response is None or "text/html" not in response.get("Content-Type", ""):
        return []
    found = []
    for match in FORM.finditer(response.content.decode(errors="replace")):
        tag = match.group(0)[: match.group(0).index(">") + 1]
        action = ACTION.search(tag)
        fields = [
            f for f in FIELD.findall(match.group(1)) if f != "csrfmiddlewaretoken"
        ]
        found.append(((action.group(1) if action else ""), fields))
    return found


def _fuzz_forms(fuzzer: Fuzzer, urls: list[str]) -> list[str]:
    half_saved = []
    seen = set()
    for url in urls:
        response = fuzzer.send("get", url)
        for action, fields in _forms(response):
            target = action.replace("&amp;", "&") or url
            if (
                not target.startswith("/")
                or target.startswith(SKIPPED_PREFIXES)
                or (target, tuple(fields)) in seen
            ):
                continue
            seen.add((target, tuple(fields)))
            for value in HOSTILE:
                before = _row_counts()
                answer = fuzzer.send("post", target, dict.fromkeys(fields, value))
                if answer is not None and answer.status_code != 302:
                    after = _row_counts()
                    changed = {
                        t: (before[t], after[t])
                        for t in before
                        if before[t] != after.get(t)
                    }
                    if changed:
                        half_saved.append(f"POST {target} {value[:20]!r}: {changed}")
    return half_saved


@pytest.fixture
def demo_site(settings):
    """A small site with one of everything a URL can point at."""
    settings.PAGE_CACHE_SECONDS = 0  # every request reaches its view
    settings.SEARCH_ENGINE = "database"
    set_up_roles()
    _home, _guidance, _leadership = build_cms_site()
    index = CaseStudyIndexPage.objects.get()
    CaseStudyFactory(parent=index, title="Fuzz one")
    CaseStudyFactory(parent=index, title="Fuzz two")
    author = approved_member()
    topic = make_topic(ensure_forum_tree()[PUBLIC], author, subject="Fuzz topic")
    make_reply(topic, author)
    ensure_voice_roles()
    moderator = get_user_model().objects.create_user("fuzz-mod", "m@example.org")
    theme = ThemeFactory(slug="being-listened-to")
    moderation.approve_submission(
        SubmissionFactory(), moderator=moderator, text="Being heard.", themes=[theme]
    )


@pytest.mark.parametrize("role", ["visitor", "member"])
def test_no_url_answers_500_to_hostile_path_arguments_or_parameters(role, demo_site):
    client = Client(raise_request_exception=True)
    if role == "member":
        client.force_login(approved_member())
    fuzzer = Fuzzer(client)
    for url in _path_cases() + _query_cases(_plain_urls()):
        fuzzer.send("get", url)
    assert fuzzer.count > 3000
    assert not fuzzer.failures, "\n".join(fuzzer.failures)


@pytest.mark.parametrize("role", ["visitor", "member"])
def test_no_form_answers_500_or_half_saves_hostile_input(role, demo_site):
    client = Client(raise_request_exception=True)
    if role == "member":
        client.force_login(approved_member())
    fuzzer = Fuzzer(client)
    half_saved = _fuzz_forms(fuzzer, _plain_urls())
    assert fuzzer.count > 100
    assert not fuzzer.failures, "\n".join(fuzzer.failures)
    assert not half_saved, "\n".join(half_saved)
