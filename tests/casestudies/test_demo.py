"""The demo loader: 15 honest case studies, idempotent, filterable."""

import pytest
from django.core.management import call_command

from casestudies.models import CaseStudyPage, ChallengeType

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def test_demo_has_nine_documented_and_six_illustrative_case_studies(demo):
    pages = CaseStudyPage.objects.live()
    assert pages.count() == 15
    assert pages.filter(provenance="documented").count() == 9
    assert pages.filter(provenance="illustrative").count() == 6


def test_every_documented_case_study_lists_sources_and_disowns_the_report(demo):
    for page in CaseStudyPage.objects.filter(provenance="documented"):
        assert page.sources.exclude(url="").exists(), page.slug
        assert "King's Fund report" in page.provenance_note, page.slug


def test_illustrative_composites_carry_no_outcome_figures(demo):
    for page in CaseStudyPage.objects.filter(provenance="illustrative"):
        assert not page.outcomes.exists(), page.slug


def test_loading_the_demo_twice_changes_nothing(demo):
    before = (CaseStudyPage.objects.count(), ChallengeType.objects.count())
    call_command("load_demo", verbosity=0)
    assert (CaseStudyPage.objects.count(), ChallengeType.objects.count()) == before


def test_an_editors_change_survives_a_second_load(demo):
    term = ChallengeType.objects.get(slug="engaging-gps")
    term.label = "Bringing GPs on board"
    term.save()
    call_command("load_demo", verbosity=0)
    term.refresh_from_db()
    assert term.label == "Bringing GPs on board"


def test_each_challenge_filter_returns_exactly_the_case_studies_tagged_with_it(
    client, demo
):
    for term in ChallengeType.objects.all():
        expected = set(term.case_studies.live().values_list("title", flat=True))
        response = client.get(f"/case-studies/?challenge={term.slug}")
        assert response.status_code == 200
        assert {p.title for p in response.context["results"]} == expected, term.slug


def test_demo_case_study_pages_all_render(client, demo):
    for page in CaseStudyPage.objects.live():
        response = client.get(page.url)
        assert response.status_code == 200, page.slug
        assert "At a glance" in response.content.decode()


def test_case_study_list_shows_all_fifteen(client, demo):
    response = client.get("/case-studies/")
    assert response.context["page_obj"].paginator.count == 15


def test_real_areas_carry_the_sizes_their_sources_state(demo, client):
    sizes = {
        page.slug: (page.homes, page.nursing_homes, page.beds, page.residents)
        for page in CaseStudyPage.objects.filter(provenance="documented")
    }
    assert sizes["airedale-wharfedale-craven"] == (248, None, None, 7687)
    assert sizes["rushcliffe-principia"] == (23, 10, None, None)
    assert sizes["wakefield"] == (27, None, 1594, None)
    assert sizes["sheffield"] == (80, None, 4000, None)
    assert all(any(size) for size in sizes.values())
    # Composites describe no real place, so carry no size.
    assert not CaseStudyPage.objects.filter(
        provenance="illustrative", homes__isnull=False
    ).exists()
    html = client.get("/case-studies/rushcliffe-principia/").content.decode()
    assert "23 care homes (10 with nursing)" in html
    assert "13 residential and 10 nursing homes." in html
