"""The editors' report of case studies due for review, under Reports."""

from __future__ import annotations

import datetime

from wagtail.admin.views.reports import PageReportView

from casestudies.review import due_for_review, review_days


class DueForReviewView(PageReportView):
    """Live case studies whose last review is older than the review period."""

    page_title = "Case studies to review"
    header_icon = "time"
    results_template_name = "casestudies/admin/due_for_review_results.html"
    index_url_name = "casestudies_due_for_review"
    index_results_url_name = "casestudies_due_for_review_results"
    list_export = ["title", "area", "checked_on", "last_reviewed", "first_published_at"]
    export_headings = {
        "title": "Title",
        "area": "Area",
        "checked_on": "Review period runs from",
        "last_reviewed": "Last reviewed",
        "first_published_at": "First published",
    }
    # Anyone who may edit pages may see which need checking.
    any_permission_required = ["add", "change", "publish"]

    def get_filename(self) -> str:  # noqa: D102
        return f"case-studies-to-review-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):  # noqa: D102
        self.queryset = due_for_review()
        return super().get_queryset()

    def get_context_data(self, *args, **kwargs):  # noqa: D102
        context = super().get_context_data(*args, **kwargs)
        context["review_days"] = review_days()
        return context
