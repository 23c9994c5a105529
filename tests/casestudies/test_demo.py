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
