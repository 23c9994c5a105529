"""Parent/child rules: editors cannot put a page in the wrong place."""

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from casestudies.models import CaseStudyIndexPage, CaseStudyPage
from cms.models import (
    GuidanceIndexPage,
    GuidancePage,
    HomePage,
    LeadershipResourceIndexPage,
    LeadershipResourcePage,
    StandardPage,
)


class PageTreeRulesTests(WagtailPageTestCase):
    def test_guidance_index_sits_only_under_the_home_page(self):
        self.assertAllowedParentPageTypes(GuidanceIndexPage, {HomePage})
        self.assertCanCreateAt(HomePage, GuidanceIndexPage)
        self.assertCanNotCreateAt(StandardPage, GuidanceIndexPage)

    def test_guidance_pages_live_only_under_the_guidance_index(self):
        self.assertAllowedParentPageTypes(GuidancePage, {GuidanceIndexPage})
        self.assertCanCreateAt(GuidanceIndexPage, GuidancePage)
        self.assertCanNotCreateAt(HomePage, GuidancePage)
        self.assertCanNotCreateAt(LeadershipResourceIndexPage, GuidancePage)
        self.assertCanNotCreateAt(GuidancePage, GuidancePage)

    def test_leadership_resources_live_only_under_their_index(self):
        self.assertAllowedParentPageTypes(
            LeadershipResourcePage, {LeadershipResourceIndexPage}
        )
        self.assertAllowedParentPageTypes(LeadershipResourceIndexPage, {HomePage})
        self.assertCanCreateAt(LeadershipResourceIndexPage, LeadershipResourcePage)
        self.assertCanNotCreateAt(GuidanceIndexPage, LeadershipResourcePage)

    def test_guidance_index_accepts_nothing_but_guidance(self):
        self.assertAllowedSubpageTypes(GuidanceIndexPage, {GuidancePage})
        self.assertCanNotCreateAt(GuidanceIndexPage, StandardPage)
        self.assertCanNotCreateAt(GuidanceIndexPage, CaseStudyPage)

    def test_standard_pages_stay_under_home_or_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertCanNotCreateAt(CaseStudyIndexPage, StandardPage)

    def test_home_page_sits_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})


def test_only_one_guidance_index_and_one_leadership_index(db):
    from tests.cms.factories import build_cms_site

    home, _guidance, _leadership = build_cms_site()
    assert not GuidanceIndexPage.can_create_at(home)
    assert not LeadershipResourceIndexPage.can_create_at(home)
