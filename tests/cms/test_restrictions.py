"""Wagtail privacy restrictions: a restricted page leaves every door at once.

A published case study (or its whole section) restricted through Wagtail's
privacy setting disappears from site search on both engines, the case-study
list in every format, compare, the Atom feed, the sitemap and the home page,
for visitors and for signed-in members its restriction does not allow; a member
it allows still reads the page itself. Lifting the restriction brings it back
everywhere, with no rebuild.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import PageViewRestriction

from cms.models import GuidancePage
from search import es_index
from tests.casestudies.factories import ApproachFactory, CaseStudyFactory
from tests.cms.factories import GuidancePageFactory, build_cms_site
from tests.members.factories import approved_member, in_groups
from tests.search.conftest import engine  # noqa: F401 - the both-engines fixture

pytestmark = pytest.mark.django_db

SECRET = "Quillbrook"  # a word only the restricted pages use
CASE = f"{SECRET} care homes"  # the case study's title


@pytest.fixture
def site_content(engine, settings):  # noqa: F811
    home, guidance_index, _leadership = build_cms_site()
    case_index = home.get_children().get(slug="case-studies").specific
    shared = ApproachFactory(slug="bottom-up", label="Bottom-up")
    secret = CaseStudyFactory(
        parent=case_index,
        title=CASE,
        area=SECRET,
        summary=f"How {SECRET} named every resident's room.",
        terms={"approach": [shared]},
    )
    other = CaseStudyFactory(
        parent=case_index,
        title="Open Vale care homes",
        area="Open Vale",
        summary="A public case study.",
        terms={"approach": [shared]},
    )
    guidance = GuidancePageFactory(parent=guidance_index, title=f"{SECRET} guidance")
    guidance.save_revision().publish()
    _refresh(settings)
    return {
        "index": case_index,
        "secret": secret,
        "other": other,
        "guidance": GuidancePage.objects.get(pk=guidance.pk),
    }


def _refresh(settings) -> None:
    # Only the setup needs this: a restriction change refreshes by itself.
    if settings.SEARCH_ENGINE == "elasticsearch":
        es_index.refresh()


def _restrict(page, kind=PageViewRestriction.LOGIN, groups=()):
    restriction = PageViewRestriction.objects.create(
        page=page,
        restriction_type=kind,
        password="a password" if kind == "password" else "",
    )
    restriction.groups.set(groups)
    return restriction


def _search_titles(client, text=SECRET) -> list[str]:
    body = client.get(f"/search/?q={text}&format=json").json()
    return [result["title"] for result in body["results"]]


def _doors(client, content) -> dict[str, bool]:
    """Whether the secret case study shows through each door, for this client."""
    secret, other = content["secret"], content["other"]
    listing = client.get("/case-studies/").content.decode()
    as_json = client.get("/case-studies/?format=json").json()
    as_csv = client.get("/case-studies/?format=csv").content.decode()
    as_atom = client.get("/case-studies/?format=atom").content.decode()
    feed = client.get("/feeds/latest/").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    home = client.get("/").content.decode()
    similar = client.get(other.url).content.decode()
    compare = client.get(f"/case-studies/compare/?ids={secret.pk},{other.pk}")
    return {
        "site search": CASE in _search_titles(client),
        "list": CASE in listing,
        "json": any(CASE in hit["title"] for hit in as_json["results"]),
        "csv": SECRET in as_csv,
        "atom": CASE in as_atom,
        "latest feed": CASE in feed,
        "sitemap": secret.url in sitemap,
        "home teasers": CASE in home,
        "similar case studies": CASE in similar,
        "compare": compare.status_code == 200 and CASE in compare.content.decode(),
    }


def _shown(doors: dict[str, bool]) -> set[str]:
    return {door for door, shows in doors.items() if shows}


EVERY_DOOR = {
    "site search",
    "list",
    "json",
    "csv",
    "atom",
    "latest feed",
    "sitemap",
    "home teasers",
    "similar case studies",
    "compare",
}


def test_a_public_case_study_shows_through_every_door(client, site_content):
    assert _shown(_doors(client, site_content)) == EVERY_DOOR


@pytest.mark.parametrize(
    "kind", [PageViewRestriction.LOGIN, PageViewRestriction.PASSWORD, "groups"]
)
def test_restricting_a_case_study_takes_it_out_of_every_door_at_once(
    client, site_content, kind
):
    group = Group.objects.create(name="Quillbrook partners")
    _restrict(site_content["secret"], kind, groups=[group] if kind == "groups" else [])
    assert _shown(_doors(client, site_content)) == set()
    client.force_login(approved_member())
    assert _shown(_doors(client, site_content)) == set()


def test_a_restriction_on_the_parent_section_covers_every_case_study_in_it(
    client, site_content
):
    _restrict(site_content["index"])
    assert _search_titles(client) == [f"{SECRET} guidance"]
    assert _search_titles(client, "Open Vale") == []
    home = client.get("/").content.decode()
    feed = client.get("/feeds/latest/").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    for page in (site_content["secret"], site_content["other"]):
        assert page.title not in home
        assert page.title not in feed
        assert page.url not in sitemap
    assert client.get("/case-studies/").status_code == 302  # the sign-in page
    client.force_login(approved_member())
    assert _search_titles(client, "Open Vale") == []
    assert site_content["other"].title not in client.get("/").content.decode()


def test_a_member_the_restriction_allows_still_reads_the_page(client, site_content):
    group = Group.objects.create(name="Quillbrook partners")
    _restrict(site_content["secret"], "groups", groups=[group])
    url = site_content["secret"].url
    assert client.get(url).status_code == 302
    client.force_login(approved_member())
    assert client.get(url).status_code == 302
    client.force_login(in_groups(approved_member(), group.name))
    response = client.get(url)
    assert response.status_code == 200
    assert SECRET in response.content.decode()


def test_lifting_the_restriction_brings_it_back_everywhere_without_a_rebuild(
    client, site_content
):
    restriction = _restrict(site_content["secret"])
    assert _shown(_doors(client, site_content)) == set()
    restriction.delete()
    assert _shown(_doors(client, site_content)) == EVERY_DOOR


def test_lifting_a_section_restriction_brings_its_pages_back(client, site_content):
    restriction = _restrict(site_content["index"])
    assert _search_titles(client, "Open Vale") == []
    restriction.delete()
    assert _search_titles(client, "Open Vale") == ["Open Vale care homes"]
    assert _shown(_doors(client, site_content)) == EVERY_DOOR


def test_a_restricted_guidance_page_leaves_search_and_the_guidance_index(
    client, site_content
):
    guidance = site_content["guidance"]
    assert guidance.title in client.get("/guidance/").content.decode()
    restriction = _restrict(guidance)
    assert guidance.title not in client.get("/guidance/").content.decode()
    assert guidance.title not in _search_titles(client)
    assert guidance.url not in client.get("/sitemap.xml").content.decode()
    restriction.delete()
    assert guidance.title in _search_titles(client)
    assert guidance.title in client.get("/guidance/").content.decode()


def test_setting_privacy_in_the_wagtail_admin_updates_search_at_once(
    client, site_content, admin_user
):
    page = site_content["secret"]
    set_privacy = reverse("wagtailadmin_pages:set_privacy", args=[page.pk])
    client.force_login(admin_user)
    response = client.post(set_privacy, {"restriction_type": "login"})
    assert response.status_code == 200
    assert PageViewRestriction.objects.filter(page=page).exists()
    client.logout()
    assert _search_titles(client) == [f"{SECRET} guidance"]
    client.force_login(admin_user)
    client.post(set_privacy, {"restriction_type": "none"})
    client.logout()
    assert f"{SECRET} care homes" in _search_titles(client)


def test_a_cached_list_stops_showing_a_page_as_soon_as_it_is_restricted(
    client, site_content, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    assert SECRET in client.get("/case-studies/").content.decode()
    cached = client.get("/case-studies/")
    assert cached["X-Page-Cache"] == "hit" and SECRET in cached.content.decode()
    restriction = _restrict(site_content["secret"])
    after = client.get("/case-studies/")
    assert after["X-Page-Cache"] == "miss"
    assert SECRET not in after.content.decode()
    restriction.delete()
    assert SECRET in client.get("/case-studies/").content.decode()


def test_the_csv_export_checks_privacy_itself_when_the_index_lags_behind(
    client, site_content
):
    # bulk_create sends no post_save, so the index still holds the page (as it
    # would while the indexing task waits in the queue); the CSV, which carries
    # every fact, must not trust it.
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=site_content["secret"], restriction_type="login")]
    )
    assert CASE in _search_titles(client)
    rows = client.get("/case-studies/?format=csv").content.decode()
    assert SECRET not in rows
    assert "Open Vale care homes" in rows


def test_links_to_a_restricted_case_study_drop_out_of_page_bodies(client, site_content):
    secret, other = site_content["secret"], site_content["other"]
    linking = GuidancePageFactory(
        parent=site_content["guidance"].get_parent(),
        title="Where to start",
        body=[
            {
                "type": "case_studies",
                "value": {
                    "heading": "Related case studies",
                    "case_studies": [secret.pk, other.pk],
                },
            }
        ],
    )
    linking.save_revision().publish()
    assert CASE in client.get(linking.url).content.decode()
    restriction = _restrict(secret)
    body = client.get(linking.url).content.decode()
    assert CASE not in body
    assert "Open Vale care homes" in body
    restriction.delete()
    assert CASE in client.get(linking.url).content.decode()


def test_a_restricted_synthesis_is_left_off_its_theme_page(client, site_content):
    from cms.voices.models import Theme, ThemeSynthesisPage

    theme = Theme.objects.create(
        slug="being-listened-to", label="Being listened to", definition="Time."
    )
    home = site_content["index"].get_parent()
    synthesis = ThemeSynthesisPage(
        title="What people said about being listened to",
        slug="synthesis-listened",
        theme=theme,
        summary=f"People in {SECRET} want time to talk.",
    )
    home.add_child(instance=synthesis)
    synthesis.save_revision().publish()
    theme_url = reverse("voices:theme", args=[theme.slug])
    assert SECRET in client.get(theme_url).content.decode()
    restriction = _restrict(synthesis)
    assert SECRET not in client.get(theme_url).content.decode()
    restriction.delete()
    assert SECRET in client.get(theme_url).content.decode()
