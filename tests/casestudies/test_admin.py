"""Editors create case studies and edit the vocabulary in the Wagtail admin."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from casestudies.models import CaseStudyPage, ChallengeType
from tests.casestudies.factories import ChallengeFactory, build_site

pytestmark = pytest.mark.django_db


def _case_study_form(**overrides):
    data = {
        "title": "Newtown",
        "slug": "newtown",
        "area": "Newtown",
        "summary": "How Newtown began.",
        "provenance": "documented",
        "provenance_note": "",
        "lead_organisation": "",
        "partners": "",
        "vanguard": "no",
        "year_started": "2016",
        "resourcing_detail": "",
        "residents_involved": "unknown",
        "residents_involvement_detail": "",
        "sources": inline_formset([]),
        "outcomes": inline_formset([]),
        "narrative": streamfield(
            [("how_they_started", rich_text("<p>One GP began.</p>"))]
        ),
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def _add_url(index):
    return reverse(
        "wagtailadmin_pages:add", args=("casestudies", "casestudypage", index.pk)
    )


def test_a_documented_case_study_without_a_source_is_refused(admin_client):
    _, index = build_site()
    response = admin_client.post(_add_url(index), _case_study_form())
    assert response.status_code == 200
    assert "needs at least one source with a link" in response.content.decode()
    assert not CaseStudyPage.objects.exists()


def test_an_editor_creates_and_publishes_a_case_study_under_the_index(admin_client):
    _, index = build_site()
    gps = ChallengeFactory(slug="engaging-gps")
    form = _case_study_form(
        sources=inline_formset(
            [{"title": "Evaluation", "url": "https://example.org/e", "publisher": ""}]
        ),
        outcomes=inline_formset(
            [
                {
                    "measure": "Admissions",
                    "unit": "",
                    "baseline_value": "10",
                    "baseline_period": "2015",
                    "latest_value": "8",
                    "latest_period": "2017",
                    "method": "before-after",
                    "source_title": "",
                    "source_url": "",
                    "note": "",
                }
            ]
        ),
    )
    form["challenges"] = [str(gps.pk)]
    form["challenges_basis"] = "stated"
    response = admin_client.post(_add_url(index), form)
    assert response.status_code == 302, "the admin refused the form"
    page = CaseStudyPage.objects.get(slug="newtown")
    assert page.live
    assert page.get_parent().specific == index
    assert [s.url for s in page.sources.all()] == ["https://example.org/e"]
    assert page.outcomes.get().latest_value == 8
    assert list(page.challenges.values_list("slug", flat=True)) == ["engaging-gps"]


def test_the_admin_offers_case_studies_only_under_the_index(admin_client):
    home, index = build_site()
    under_home = admin_client.get(
        reverse("wagtailadmin_pages:add_subpage", args=(home.pk,))
    )
    under_index = admin_client.get(
        reverse("wagtailadmin_pages:add_subpage", args=(index.pk,))
    )
    assert "casestudypage" not in under_home.content.decode()
    # Only one page type is allowed there, so Wagtail goes straight to its form.
    assert under_index.status_code == 302
    assert under_index.url == _add_url(index)


def test_editors_add_a_vocabulary_term_without_a_deploy(admin_client):
    url = reverse("wagtailsnippets_casestudies_challengetype:add")
    response = admin_client.post(
        url,
        {
            "label": "Out-of-hours cover",
            "slug": "out-of-hours",
            "definition": "Nights.",
            "authoritative": "",
            "sort_order": "20",
        },
    )
    assert response.status_code == 302
    term = ChallengeType.objects.get(slug="out-of-hours")
    assert term.authoritative is False
    listing = admin_client.get(
        reverse("wagtailsnippets_casestudies_challengetype:list")
    )
    assert "Out-of-hours cover" in listing.content.decode()


def test_the_admin_refuses_to_change_a_term_slug(admin_client):
    term = ChallengeFactory(slug="engaging-gps", label="Engaging GPs")
    url = reverse("wagtailsnippets_casestudies_challengetype:edit", args=(term.pk,))
    response = admin_client.post(
        url, {"label": "GPs", "slug": "gps", "definition": "x", "sort_order": "0"}
    )
    assert response.status_code == 200
    term.refresh_from_db()
    assert term.slug == "engaging-gps"


def test_anonymous_visitors_cannot_reach_the_admin(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def _sourced_form(**overrides):
    return _case_study_form(
        sources=inline_formset(
            [
                {
                    "title": "Evaluation",
                    "url": "https://example.org/e",
                    "publisher": "",
                    "kind": "evaluation",
                }
            ]
        ),
        **overrides,
    )


def test_a_real_areas_terms_must_say_whether_a_source_states_them(admin_client):
    _, index = build_site()
    gps = ChallengeFactory(slug="engaging-gps")
    form = _sourced_form()
    form["challenges"] = [str(gps.pk)]
    response = admin_client.post(_add_url(index), form)
    assert response.status_code == 200
    assert "Say whether a source states this, or editors inferred it." in (
        response.content.decode()
    )
    assert not CaseStudyPage.objects.exists()


def test_a_mark_without_terms_is_refused(admin_client):
    _, index = build_site()
    form = _sourced_form(approach_basis="inferred")
    response = admin_client.post(_add_url(index), form)
    assert "Choose the terms first, or clear where they come from." in (
        response.content.decode()
    )
    assert not CaseStudyPage.objects.exists()


def test_an_editor_publishes_an_effect_against_a_matched_group(admin_client):
    _, index = build_site()
    row = {
        "measure": "Emergency admissions",
        "measure_term": "",
        "unit": "%",
        "population": "39 care homes",
        "method": "matched-comparison",
        "period": "September 2014 to April 2017",
        "compared_with": "matched control care homes",
        "effect_percent": "-18",
        "effect_lower": "",
        "effect_upper": "",
        "baseline_value": "",
        "baseline_period": "",
        "latest_value": "",
        "latest_period": "",
        "source_title": "Improvement Analytics Unit",
        "source_url": "https://example.org/iau",
        "source_kind": "evaluation",
        "note": "",
    }
    response = admin_client.post(
        _add_url(index), _sourced_form(outcomes=inline_formset([row]))
    )
    assert response.status_code == 302, "the admin refused the form"
    outcome = CaseStudyPage.objects.get(slug="newtown").outcomes.get()
    assert outcome.effect_percent == -18
    assert outcome.evidence_strength.startswith("Stronger")

    missing = {**row, "period": ""}
    response = admin_client.post(
        _add_url(index),
        _sourced_form(slug="newtown-2", outcomes=inline_formset([missing])),
    )
    assert response.status_code == 200
    assert "Say what period the effect covers" in response.content.decode()
