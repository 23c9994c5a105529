"""Guidance and leadership lists, the home page sections, feed, sitemap, metadata."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from machina.apps.forum_conversation.models import Topic
from machina.apps.forum_permission.models import ForumPermission, UserForumPermission
from machina.test.factories import PostFactory, TopicFactory, create_forum

from cms import home as home_sections
from cms.filters import PAGE_SIZE
from cms.models import HomePageFeaturedCaseStudy
from tests.casestudies.factories import CaseStudyFactory
from tests.cms.factories import (
    AudienceFactory,
    GuidancePageFactory,
    LeadershipResourceFactory,
    LevelFactory,
    build_cms_site,
)
from tests.cms.factories import TopicFactory as GuidanceTopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return build_cms_site()


def test_guidance_index_filters_by_audience_topic_and_level(client, site):
    _home, guidance, _leadership = site
    gps, homes = AudienceFactory(slug="gps"), AudienceFactory(slug="homes")
    trust = GuidanceTopicFactory(slug="trust")
    system = LevelFactory(slug="system")
    GuidancePageFactory(
        parent=guidance, title="For GPs", terms={"audiences": [gps], "topics": [trust]}
    )
    GuidancePageFactory(
        parent=guidance,
        title="For homes",
        terms={"audiences": [homes], "levels": [system]},
    )
    html = client.get("/guidance/?audience=gps").content.decode()
    assert "For GPs" in html and "For homes" not in html
    html = client.get("/guidance/?audience=gps&audience=homes").content.decode()
    assert "For GPs" in html and "For homes" in html
    html = client.get("/guidance/?audience=homes&topic=trust").content.decode()
    assert "For GPs" not in html and "For homes" not in html
    assert "No guidance matches these filters" in html
    html = client.get("/guidance/?level=system").content.decode()
    assert "For homes" in html and "For GPs" not in html


@pytest.mark.parametrize(
    "query",
    ["audience=nobody", "topic=<script>", "level=x&level=y", "page=abc", "page=0"],
)
def test_unknown_filters_give_a_clear_400_not_a_500(client, site, query):
    response = client.get(f"/guidance/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem with the filters" in html
    assert "<script>" not in html
    assert client.get(f"/leadership/?{query}").status_code == 400


def test_guidance_index_is_paginated(client, site):
    _home, guidance, _leadership = site
    for n in range(PAGE_SIZE + 2):
        GuidancePageFactory(parent=guidance, title=f"Guide {n:02d}")
    first = client.get("/guidance/").content.decode()
    assert f"{PAGE_SIZE + 2} guidance pages" in first
    assert "You are on page 1 of 2" in first
    second = client.get("/guidance/?page=2").content.decode()
    assert second.count("nhsuk-card__link") == 2


def test_drafts_never_appear_on_the_guidance_index(client, site):
    _home, guidance, _leadership = site
    GuidancePageFactory(parent=guidance, title="A draft", live=False)
    assert "A draft" not in client.get("/guidance/").content.decode()


def test_guidance_index_query_count_does_not_grow_with_pages(client, site):
    _home, guidance, _leadership = site
    audience = AudienceFactory()

    def count():
        client.get("/guidance/")
        with CaptureQueriesContext(connection) as ctx:
            client.get("/guidance/")
        return len(ctx)

    GuidancePageFactory(parent=guidance, terms={"audiences": [audience]})
    small = count()
    for _ in range(5):
        GuidancePageFactory(parent=guidance, terms={"audiences": [audience]})
    assert count() == small


def test_leadership_index_groups_resources_by_level(client, site):
    _home, _guidance, leadership = site
    front = LevelFactory(slug="front-line", label="Front line", sort_order=0)
    system = LevelFactory(slug="system", label="System", sort_order=2)
    LeadershipResourceFactory(
        parent=leadership,
        title="Huddle exercise",
        kind="exercise",
        terms={"levels": [front]},
    )
    LeadershipResourceFactory(
        parent=leadership, title="Readiness tool", terms={"levels": [system]}
    )
    html = client.get("/leadership/").content.decode()
    front_heading = html.index('id="level-1">Front line</h2>')
    system_heading = html.index('id="level-2">System</h2>')
    assert front_heading < html.index("Huddle exercise") < system_heading
    assert system_heading < html.index("Readiness tool")
    assert "Exercise" in html
    html = client.get("/leadership/?level=system").content.decode()
    assert "Readiness tool" in html and "Huddle exercise" not in html


def test_guidance_page_has_meta_description_and_open_graph_tags(client, site):
    _home, guidance, _leadership = site
    GuidancePageFactory(
        parent=guidance,
        title="Sharing",
        slug="sharing",
        summary="How to share information.",
    )
    html = client.get("/guidance/sharing/").content.decode()
    assert '<meta name="description" content="How to share information.">' in html
    assert '<meta property="og:title" content="Sharing">' in html
    assert '<meta property="og:type" content="article">' in html
    # SITE_URL, not the Site record's localhost, names every absolute link.
    assert 'property="og:url" content="http://127.0.0.1:8000/guidance/sharing/"' in html
    assert 'class="nhsuk-template__body ehch-printable"' in html


def test_sitemap_lists_live_guidance_and_not_drafts(client, site):
    _home, guidance, _leadership = site
    GuidancePageFactory(parent=guidance, slug="published-guide")
    GuidancePageFactory(parent=guidance, slug="draft-guide", live=False)
    xml = client.get("/sitemap.xml").content.decode()
    assert "/guidance/published-guide/" in xml
    assert "/guidance/" in xml and "/leadership/" in xml
    assert "draft-guide" not in xml


def test_atom_feed_lists_guidance_and_case_studies_newest_first(client, site):
    home, guidance, _leadership = site
    case_index = home.get_children().get(slug="case-studies").specific
    older = CaseStudyFactory(parent=case_index, title="Older area")
    newer = GuidancePageFactory(parent=guidance, title="Newer guide")
    type(older).objects.filter(pk=older.pk).update(
        first_published_at=timezone.now() - timedelta(days=3)
    )
    type(newer).objects.filter(pk=newer.pk).update(first_published_at=timezone.now())
    response = client.get("/feeds/latest/")
    assert response["Content-Type"].startswith("application/atom+xml")
    xml = response.content.decode()
    assert xml.index(newer.title) < xml.index("Older area")


def test_home_page_falls_back_to_the_newest_case_studies(client, site):
    home, _guidance, _leadership = site
    case_index = home.get_children().get(slug="case-studies").specific
    CaseStudyFactory(parent=case_index, title="Newest area")
    assert [p.title for p in home_sections.featured_case_studies(home)] == [
        "Newest area"
    ]


def test_home_page_shows_editors_picks_and_skips_unpublished_ones(client, site):
    home, _guidance, _leadership = site
    case_index = home.get_children().get(slug="case-studies").specific
    picked = CaseStudyFactory(parent=case_index, title="Picked area")
    CaseStudyFactory(parent=case_index, title="Newest area")
    draft = CaseStudyFactory(parent=case_index, title="Draft area", live=False)
    type(draft).objects.filter(pk=draft.pk).update(live=False)
    HomePageFeaturedCaseStudy.objects.create(home=home, case_study=draft, sort_order=0)
    HomePageFeaturedCaseStudy.objects.create(home=home, case_study=picked, sort_order=1)
    html = client.get("/").content.decode()
    assert "Picked area" in html
    assert "Draft area" not in html and "Newest area" not in html


def test_home_page_sections_have_helpful_empty_states(client, site):
    html = client.get("/").content.decode()
    assert "No case studies yet" in html
    assert "No guidance published yet" in html
    assert "No open discussions yet" in html
    assert "Be the first to share your view" in html


def test_home_page_shows_latest_guidance(client, site):
    _home, guidance, _leadership = site
    GuidancePageFactory(parent=guidance, title="Fresh guidance")
    assert "Fresh guidance" in client.get("/").content.decode()


def _anonymous_read(forum=None, has_perm=True):
    UserForumPermission.objects.create(
        permission=ForumPermission.objects.get(codename="can_read_forum"),
        forum=forum,
        anonymous_user=True,
        has_perm=has_perm,
    )


def _topic(forum, subject, approved=True):
    topic = TopicFactory(
        forum=forum, subject=subject, approved=approved, type=Topic.TOPIC_POST
    )
    PostFactory(topic=topic, subject=subject, approved=approved)
    return topic


def test_home_page_lists_active_topics_an_anonymous_visitor_can_read(client, site):
    public = create_forum(name="Open")
    members = create_forum(name="Members only")
    _anonymous_read()  # read everywhere by default
    _anonymous_read(members, has_perm=False)  # except here
    _topic(public, "Open question")
    _topic(public, "Held for moderation", approved=False)
    _topic(members, "Members topic")
    with CaptureQueriesContext(connection) as ctx:
        topics = home_sections.active_forum_topics()
    assert len(ctx) == 1
    assert [t.subject for t in topics] == ["Open question"]
    html = client.get("/").content.decode()
    assert "Open question" in html and "Members topic" not in html


def test_forum_topics_need_an_explicit_anonymous_read_permission(site):
    forum = create_forum(name="Nobody set permissions")
    _topic(forum, "Hidden")
    assert home_sections.active_forum_topics() == []
    _anonymous_read(forum)
    assert [t.subject for t in home_sections.active_forum_topics()] == ["Hidden"]


def test_statements_section_is_empty_without_the_voices_app(monkeypatch):
    monkeypatch.setattr(home_sections.apps, "is_installed", lambda name: False)
    assert home_sections.newest_statements() == []


def test_statements_section_reads_published_statements_when_installed(site):
    assert home_sections.newest_statements() == []  # none published yet
