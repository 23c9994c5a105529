"""Every page type passes the Nu Html Checker with no errors (issue 16 item 5).

The checker is the W3C's own (``vnu-jar`` from npm, installed with the front
end by ``make assets``), run once over every page so that one JVM start covers
them all. Pages come from the demo content, as a visitor, a member and a
moderator see them; errors are listed with the page, line and message.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from casestudies.models import CaseStudyPage
from tests.ehch.test_query_budget import _demo_topic, _pages

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
VNU_JAR = REPO / "site/frontend/node_modules/vnu-jar/build/dist/vnu.jar"


def _checker() -> list[str]:
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        pytest.fail(
            f"The Nu Html Checker needs Java and {VNU_JAR.relative_to(REPO)}: "
            "run `make assets` (npm installs vnu-jar) on a machine with Java 11+.",
            pytrace=False,
        )
    return [java, "-jar", str(VNU_JAR), "--format", "json", "--errors-only"]


def _errors(files: dict[Path, str]) -> list[str]:
    result = subprocess.run(  # noqa: S603 - fixed java and jar
        [*_checker(), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [
        f"{files[Path(m['url'].removeprefix('file:'))]}, line {m.get('lastLine')}: "
        f"{m['message']}"
        for m in messages
        if m["type"] == "error"
    ]


def test_the_checker_reports_a_planted_error(tmp_path):
    """Zero errors below means something only if the checker finds real ones."""
    bad = tmp_path / "bad.html"
    bad.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body>'
        '<h1>A</h1><p id="x">1</p><p id="x">2</p></body></html>'
    )
    errors = _errors({bad: "planted"})
    assert any("Duplicate ID" in error for error in errors), errors


def _visitor_pages() -> dict[str, str]:
    case = CaseStudyPage.objects.live().order_by("pk").first()
    return {
        **_pages(),
        "case study list, filtered to nothing": "/case-studies/?approach=nope",
        "site search, no query": "/search/",
        "site search, filtered": f"/search/?q=care&kind=case-study&approach="
        f"{case.approach.first().slug if case.approach.exists() else ''}",
        "share a view": reverse("voices:share"),
        "paper form": reverse("voices:paper_form"),
        "withdraw a view": reverse("voices:withdraw"),
        "sign in": "/accounts/login/",
        "sign up": "/accounts/signup/",
        "password reset": "/accounts/password/reset/",
        "not found": "/no-such-page/",
    }


def _member_pages() -> dict[str, str]:
    topic = _demo_topic()
    return {
        "your profile": "/members/me/",
        "forum emails": "/forum/tools/emails/",
        "new topic form": reverse(
            "forum_conversation:topic_create",
            kwargs={"forum_slug": topic.forum.slug, "forum_pk": topic.forum.pk},
        ),
    }


def _fetch(client, pages: dict[str, str], folder: Path, who: str) -> dict[Path, str]:
    files = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code in (200, 400, 404), (
            name,
            url,
            response.status_code,
        )
        path = folder / f"{who}-{len(files):02d}.html"
        path.write_bytes(response.content)
        files[path] = f"{name} ({who}) {url}"
    return files


def test_every_page_type_has_no_html_errors(client, tmp_path):
    from tests.members.factories import approved_member, moderator

    _checker()
    call_command("load_demo", verbosity=0)
    files = _fetch(client, _visitor_pages(), tmp_path, "visitor")
    client.force_login(approved_member())
    files |= _fetch(client, {**_pages(), **_member_pages()}, tmp_path, "member")
    client.force_login(moderator())
    files |= _fetch(client, _pages(), tmp_path, "moderator")

    errors = _errors(files)
    assert len(files) >= 40
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)
