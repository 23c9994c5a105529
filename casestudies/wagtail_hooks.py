"""Admin registration: the vocabularies as snippets, and the review report."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from casestudies.models import VOCABULARIES, OutcomeMeasure
from casestudies.review_views import DueForReviewView
from casestudies.snippets import term_viewset

page_permission_policy = PagePermissionPolicy()


class CaseStudyVocabularyGroup(SnippetViewSetGroup):
    """One admin menu item holding every case-study vocabulary."""

    menu_label = "Case study terms"
    menu_icon = "tag"
    menu_order = 300
    items = (
        *(term_viewset(model, ("authoritative",)) for model in VOCABULARIES.values()),
        term_viewset(OutcomeMeasure, ("authoritative",)),
    )


register_snippet(CaseStudyVocabularyGroup)


@hooks.register("register_admin_urls")
def due_for_review_urls():
    """The editors' report of case studies due for review."""
    return [
        path(
            "reports/case-studies-to-review/",
            DueForReviewView.as_view(),
            name="casestudies_due_for_review",
        ),
        path(
            "reports/case-studies-to-review/results/",
            DueForReviewView.as_view(results_only=True),
            name="casestudies_due_for_review_results",
        ),
    ]


class _EditorsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return page_permission_policy.user_has_any_permission(
            request.user, ["add", "change", "publish"]
        )


@hooks.register("register_reports_menu_item")
def due_for_review_menu_item():
    """Reports → Case studies to review."""
    return _EditorsMenuItem(
        "Case studies to review",
        reverse("casestudies_due_for_review"),
        name="case-studies-to-review",
        icon_name="time",
        order=720,
    )
