"""cms.routing and cms.visibility: fewer queries, the same answers as Wagtail.

Pages are found by URL path in one query, privacy is checked in one, and
``public()`` filters inside the page query; these tests pin the behaviour that
must not change: private sections, aliases, drafts, routable sub-pages, 404s.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Page, PageViewRestriction

from cms.models import GuidancePage, StandardPage
from cms.routing import PathRoutingMixin
from tests.casestudies.factories import CaseStudyFactory
from tests.cms.factories import GuidancePageFactory, build_cms_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return build_cms_site()


def _standard(parent, slug: str, live: bool = True) -> StandardPage:
    page = StandardPage(title=slug.title(), slug=slug, live=live)
    parent.add_child(instance=page)
    return page


def _login_restriction(page) -> PageViewRestriction:
    return PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )


def test_pages_at_every_depth_are_found_and_served(client, site):
    home, guidance, _leadership = site
    about = _standard(home, "about")
    team = _standard(about, "team")
    deep = _standard(team, "deep")
    article = GuidancePageFactory(parent=guidance, title="Hydration")
    for page in (home, about, team, deep, guidance, article):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
        assert response.context["page"].pk == page.pk
        assert type(response.context["page"]) is page.specific_class


def test_unknown_paths_and_drafts_are_404(client, site):
    home, guidance, _leadership = site
    about = _standard(home, "about")
    draft = _standard(about, "draft", live=False)
    _standard(draft, "under-a-draft")  # live, under a draft: Wagtail serves it
    assert client.get("/nope/").status_code == 404
    assert client.get("/about/nope/").status_code == 404
    assert client.get("/about/draft/").status_code == 404
    assert client.get("/about/draft/under-a-draft/").status_code == 200
    # A slug that exists elsewhere in the tree is not a child here.
    GuidancePageFactory(parent=guidance, slug="elsewhere")
    assert client.get("/about/elsewhere/").status_code == 404
    assert client.get("/guidance/elsewhere/").status_code == 200


def test_routable_pages_still_answer_their_own_urls(client, site):
    _home, _guidance, _leadership = site
    index_url = "/case-studies/"
    case_index = Page.objects.get(url_path__endswith="/case-studies/").specific
    one = CaseStudyFactory(parent=case_index)
    two = CaseStudyFactory(parent=case_index)
    assert client.get(index_url).status_code == 200
    compare = client.get(f"/case-studies/compare/?ids={one.pk},{two.pk}")
    assert compare.status_code == 200 and one.title in compare.content.decode()
    assert client.get(one.url).context["page"].pk == one.pk
    assert client.get("/case-studies/compare/extra/").status_code == 404


def test_a_private_section_and_everything_under_it_asks_for_sign_in(client, site):
    home, _guidance, _leadership = site
    private = _standard(home, "private")
    inner = _standard(private, "inner")
    _login_restriction(private)
    for url in ("/private/", "/private/inner/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "login" in response["Location"]
        assert response.headers.get("Cache-Control", "").find("no-cache") >= 0
    user = get_user_model().objects.create_user("reader", "r@example.org", "pw")
    client.force_login(user)
    assert client.get(inner.url).status_code == 200
    assert client.get("/about/").status_code == 404  # no such page: still 404


def _routed(client, url: str):
    """The page object Wagtail served for ``url`` (routed by cms.routing)."""
    return client.get(url).context["page"]


def test_view_restrictions_match_wagtails_own_including_aliases(client, site):
    home, _guidance, _leadership = site
    section = _standard(home, "section")
    _standard(section, "child")
    other = _standard(home, "other")
    restriction = _login_restriction(section)
    # An alias of the restricted section, placed elsewhere: Wagtail copies the
    # restriction onto it, but checks the source's (here, the same rule).
    section.create_alias(parent=other, update_slug="section-alias")
    user = get_user_model().objects.create_user("reader", "r@example.org", "pw")
    client.force_login(user)
    for url in (
        "/",
        "/section/",
        "/section/child/",
        "/other/",
        "/other/section-alias/",
    ):
        page = _routed(client, url)
        ours = set(page.get_view_restrictions())
        wagtails = set(Page.get_view_restrictions(page))
        assert ours == wagtails, url
    assert set(_routed(client, "/section/child/").get_view_restrictions()) == {
        restriction
    }


def test_an_alias_follows_its_sources_privacy_not_its_own(client, site):
    home, _guidance, _leadership = site
    section = _standard(home, "section")
    other = _standard(home, "other")
    alias = section.create_alias(parent=other, update_slug="section-alias")
    # A restriction left on the alias itself does not apply (as in Wagtail)...
    _login_restriction(alias)
    assert client.get("/other/section-alias/").status_code == 200
    # ...the source's does.
    _login_restriction(section)
    assert client.get("/other/section-alias/").status_code == 302


def test_a_page_not_routed_here_uses_wagtails_check(site):
    home, _guidance, _leadership = site
    section = _standard(home, "section")
    restriction = _login_restriction(section)
    child = _standard(section, "child")
    loaded = Page.objects.get(pk=child.pk).specific
    assert set(loaded.get_view_restrictions()) == {restriction}


def test_public_filters_in_sql_and_agrees_with_wagtail(site):
    home, guidance, _leadership = site
    open_page = GuidancePageFactory(parent=guidance, title="Open")
    hidden = GuidancePageFactory(parent=guidance, title="Hidden")
    _login_restriction(hidden)
    ours = set(GuidancePage.objects.live().public().values_list("pk", flat=True))
    wagtails = set(
        Page.objects.type(GuidancePage).live().public().values_list("pk", flat=True)
    )
    assert ours == wagtails == {open_page.pk}
    assert set(GuidancePage.objects.not_public().values_list("pk", flat=True)) == {
        hidden.pk
    }
    # Restricting the whole section hides every page in it.
    _login_restriction(guidance)
    assert not GuidancePage.objects.live().public().exists()


def test_routing_costs_the_same_queries_at_any_depth(client, site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    home, _guidance, _leadership = site
    parent = home
    counts = []
    for depth in range(1, 6):
        parent = _standard(parent, f"level-{depth}")
        client.get(parent.url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(parent.url).status_code == 200
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts


def test_the_site_root_page_routes_with_the_mixin(site):
    home, _guidance, _leadership = site
    assert isinstance(home.specific, PathRoutingMixin)
