"""The home page's sections kept in the cache (FRAGMENT_CACHE_SECONDS).

Warm the cache as a signed-in member (whom the page cache never serves), then
change content the way the site changes it and look again: every change shows
at once, and a warm page asks the database nothing for its sections.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from machina.test.factories import create_forum

from tests.casestudies.factories import CaseStudyFactory
from tests.cms.factories import GuidancePageFactory, build_cms_site
from tests.cms.test_lists_and_home import _anonymous_read, _topic
from tests.members.factories import approved_member

pytestmark = pytest.mark.django_db

SECTION_TABLES = ("casestudies_casestudypage", "forum_conversation_topic", "voices_")


@pytest.fixture
def member_home(client, settings):
    settings.FRAGMENT_CACHE_SECONDS = 600
    home, guidance, _leadership = build_cms_site()
    client.force_login(approved_member())

    def html() -> str:
        response = client.get("/")
        assert response.status_code == 200
        return response.content.decode()

    return home, guidance, html


def _section_queries(client) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    return [q["sql"] for q in queries if any(t in q["sql"] for t in SECTION_TABLES)]


def test_a_warm_home_page_reads_no_section_from_the_database(client, member_home):
    _home, _guidance, html = member_home
    html()
    assert _section_queries(client) == []


def test_switched_off_every_request_reads_the_sections(client, member_home, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    _home, _guidance, html = member_home
    html()
    assert _section_queries(client)


def test_a_new_case_study_shows_at_once(member_home):
    home, _guidance, html = member_home
    assert "No case studies yet" in html()
    case_index = home.get_children().get(slug="case-studies").specific
    CaseStudyFactory(parent=case_index, title="Newly published area")
    assert "Newly published area" in html()


def test_an_unpublished_case_study_goes_at_once(member_home):
    home, _guidance, html = member_home
    case_index = home.get_children().get(slug="case-studies").specific
    page = CaseStudyFactory(parent=case_index, title="Soon withdrawn area")
    assert "Soon withdrawn area" in html()
    page.unpublish()
    assert "Soon withdrawn area" not in html()


def test_new_guidance_shows_at_once(member_home):
    _home, guidance, html = member_home
    html()
    GuidancePageFactory(parent=guidance, title="Fresh guidance")
    assert "Fresh guidance" in html()


def test_a_new_topic_shows_and_a_forum_closed_to_visitors_takes_its_topics_away(
    member_home,
):
    _home, _guidance, html = member_home
    forum = create_forum(name="Open")
    _anonymous_read()
    assert "No open discussions yet" in html()
    _topic(forum, "A brand new question")
    assert "A brand new question" in html()
    _anonymous_read(forum, has_perm=False)  # the forum becomes members-only
    assert "A brand new question" not in html()
