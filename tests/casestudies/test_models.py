"""Model rules: stable slugs, outcome periods, reserved slugs, page-type rules."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils import WagtailPageTestCase

from casestudies.models import CaseStudyIndexPage, CaseStudyPage
from cms.models import HomePage, StandardPage
from tests.casestudies.factories import (
    CaseStudyFactory,
    ChallengeFactory,
    add_outcome,
    build_site,
)

pytestmark = pytest.mark.django_db


def test_a_term_slug_cannot_change_once_saved():
    term = ChallengeFactory(slug="engaging-gps")
    term.slug = "gps"
    with pytest.raises(ValidationError) as caught:
        term.full_clean()
    assert "slug" in caught.value.message_dict


def test_a_term_label_can_change():
    term = ChallengeFactory(slug="engaging-gps", label="Engaging GPs")
    term.label = "Bringing GP practices on board"
    term.full_clean()
    term.save()
    term.refresh_from_db()
    assert term.label == "Bringing GP practices on board"


def test_an_outcome_value_needs_its_period():
    _, index = build_site()
    page = CaseStudyFactory(parent=index)
    outcome = add_outcome(page, baseline_value=10, latest_value=5, latest_period="2017")
    with pytest.raises(ValidationError) as caught:
        outcome.full_clean()
    assert list(caught.value.message_dict) == ["baseline_period"]


def test_a_case_study_cannot_take_a_slug_the_index_uses_for_its_routes():
    _, index = build_site()
    page = CaseStudyFactory.build(slug="compare")
    page.set_url_path(index)
    with pytest.raises(ValidationError) as caught:
        page.full_clean()
    assert "slug" in caught.value.message_dict


def test_partner_list_reads_one_organisation_per_line():
    page = CaseStudyPage(partners="A trust\n\n  A council \n")
    assert page.partner_list() == ["A trust", "A council"]


class TestPageTypeRules(WagtailPageTestCase):
    def test_case_studies_live_only_under_the_case_study_index(self):
        self.assertAllowedParentPageTypes(CaseStudyPage, {CaseStudyIndexPage})
        self.assertCanNotCreateAt(HomePage, CaseStudyPage)
        self.assertCanNotCreateAt(StandardPage, CaseStudyPage)

    def test_the_index_lives_under_the_home_page_and_holds_only_case_studies(self):
        self.assertAllowedParentPageTypes(CaseStudyIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(CaseStudyIndexPage, {CaseStudyPage})
        self.assertAllowedSubpageTypes(CaseStudyPage, set())
