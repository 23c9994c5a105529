"""Similar areas: a weighted count of what two case studies share, real areas
above composites at equal scores, a sentence of why, only visible pages, and
one query however many case studies there are."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from casestudies.models import CaseStudyPage
from casestudies.similarity import similar_areas
from casestudies.terms import prefetch_terms
from tests.casestudies.factories import (
    ApproachFactory,
    CaseStudyFactory,
    ChallengeFactory,
    ElementFactory,
    LeadFactory,
    RegionFactory,
    build_site,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    _, index = build_site()
    terms = {
        "strategic": ApproachFactory(slug="system-wide-strategic", label="Strategic"),
        "gps": ChallengeFactory(slug="engaging-gps", label="Engaging GPs"),
        "primary": ElementFactory(slug="enhanced-primary-care", label="Primary care"),
        "midlands": RegionFactory(slug="midlands", label="Midlands"),
        "ccg": LeadFactory(slug="ccg", label="CCG"),
    }
    subject = CaseStudyFactory(
        parent=index,
        title="Nottingham City",
        provenance="documented",
        region=terms["midlands"],
        lead_type=terms["ccg"],
        vanguard="yes",
        terms={"approach": [terms["strategic"]], "elements": [terms["primary"]]},
    )
    return index, terms, subject


def test_real_areas_rank_above_composites_at_equal_similarity(world):
    index, terms, subject = world
    CaseStudyFactory(parent=index, title="A composite", region=terms["midlands"])
    CaseStudyFactory(
        parent=index,
        title="Z real area",
        provenance="documented",
        region=terms["midlands"],
    )
    assert [s.page.title for s in similar_areas(subject)] == [
        "Z real area",
        "A composite",
    ]


def test_how_it_began_weighs_more_than_region_and_lead(world):
    index, terms, subject = world
    CaseStudyFactory(
        parent=index,
        title="Same start",
        terms={"approach": [terms["strategic"]]},
    )
    CaseStudyFactory(
        parent=index,
        title="Same lead and vanguard",
        provenance="documented",
        lead_type=terms["ccg"],
        vanguard="yes",
    )
    CaseStudyFactory(parent=index, title="Not a vanguard", vanguard="no")
    titles = [s.page.title for s in similar_areas(subject)]
    assert titles == ["Same start", "Same lead and vanguard"]


def test_each_suggestion_says_what_it_shares(world, client):
    index, terms, subject = world
    CaseStudyFactory(
        parent=index,
        title="Rushcliffe",
        provenance="documented",
        region=terms["midlands"],
        lead_type=terms["ccg"],
        vanguard="yes",
        terms={"approach": [terms["strategic"]], "elements": [terms["primary"]]},
    )
    (suggestion,) = similar_areas(subject)
    assert suggestion.sentence == (
        "In common: began the same way (Strategic); the same region (Midlands); "
        "worked on the same care elements (Primary care); the same kind of lead "
        "(CCG); both vanguards."
    )
    assert suggestion.sentence in client.get(subject.url).content.decode()


def test_restricted_and_unpublished_areas_are_never_suggested(world):
    index, terms, subject = world
    hidden = CaseStudyFactory(parent=index, title="Hidden", region=terms["midlands"])
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    draft = CaseStudyFactory(parent=index, title="Draft", region=terms["midlands"])
    draft.unpublish()
    assert similar_areas(subject) == []


def test_one_query_however_many_case_studies(world):
    index, terms, subject = world
    for n in range(12):
        CaseStudyFactory(
            parent=index,
            title=f"Area {n}",
            region=terms["midlands"],
            terms={"approach": [terms["strategic"]]},
        )
    # As the page has it when served: its own terms already loaded.
    subject = CaseStudyPage.objects.with_single_terms().get(pk=subject.pk)
    prefetch_terms([subject])
    with CaptureQueriesContext(connection) as ctx:
        suggestions = similar_areas(subject)
        sentences = [s.sentence for s in suggestions]
        urls = [s.page.url for s in suggestions]
    assert len(sentences) == 3 and all(urls)
    assert len(ctx.captured_queries) == 1


def test_the_ranking_is_kept_until_case_study_content_changes(world):
    index, terms, subject = world
    CaseStudyFactory(parent=index, title="First", region=terms["midlands"])
    subject = CaseStudyPage.objects.with_single_terms().get(pk=subject.pk)
    prefetch_terms([subject])
    assert [s.page.title for s in similar_areas(subject)] == ["First"]
    with CaptureQueriesContext(connection) as ctx:
        assert [s.page.title for s in similar_areas(subject)] == ["First"]
    assert len(ctx.captured_queries) == 0  # from the cache
    CaseStudyFactory(
        parent=index,
        title="Better",
        region=terms["midlands"],
        terms={"approach": [terms["strategic"]]},
    )
    assert [s.page.title for s in similar_areas(subject)] == ["Better", "First"]


def test_a_similar_size_and_mix_count_and_are_said(world):
    index, _terms, subject = world
    subject.homes, subject.nursing_homes = 40, 10
    subject.save_revision().publish()
    similar = CaseStudyFactory(
        parent=index, title="Same size", homes=25, nursing_homes=6
    )
    CaseStudyFactory(parent=index, title="Far bigger", homes=400, nursing_homes=350)
    CaseStudyFactory(parent=index, title="No size")
    subject = CaseStudyPage.objects.get(pk=subject.pk)
    prefetch_terms([subject])
    suggestions = similar_areas(subject)
    assert [s.page.title for s in suggestions] == ["Same size"]
    assert suggestions[0].page.pk == similar.pk
    assert suggestions[0].sentence == (
        "In common: a similar size (25 care homes (6 with nursing)); "
        "a similar mix of nursing and residential homes."
    )


def test_residents_stand_in_for_homes_when_no_homes_are_given(world):
    index, _terms, subject = world
    subject.residents = 2500
    subject.save_revision().publish()
    CaseStudyFactory(parent=index, title="Similar population", residents=1500)
    CaseStudyFactory(parent=index, title="Tiny", residents=100)
    subject = CaseStudyPage.objects.get(pk=subject.pk)
    prefetch_terms([subject])
    assert [s.page.title for s in similar_areas(subject)] == ["Similar population"]
