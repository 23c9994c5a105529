"""How "we tried this" reports enter site search.

A report is a document while it is published and its page is live and outside
every private section (``TriedReportQuerySet.public``); it leaves search with
its page (``Source.on_pages``), and when it is deleted.
"""

from __future__ import annotations

from collections.abc import Iterable

from search.documents import SearchDocument, Source, register

from .models import TriedReport

KIND = "tried"
LABEL = "We tried this"


class TriedReportSource(Source):
    """Published reports on public pages: what was tried, what changed, since."""

    kind = KIND

    def handles(self, obj: object) -> bool:  # noqa: D102
        return isinstance(obj, TriedReport)

    def _reports(self):
        return TriedReport.objects.select_related(
            "page", "outcome", "follow_up", "member"
        )

    def all_public(self) -> Iterable[TriedReport]:  # noqa: D102
        return self._reports().public().iterator(chunk_size=500)

    def is_public(self, obj: TriedReport) -> bool:  # noqa: D102
        return TriedReport.objects.public().filter(pk=obj.pk).exists()

    def on_pages(self, page_ids: list[int]) -> Iterable[TriedReport]:  # noqa: D102
        return self._reports().approved().filter(page_id__in=page_ids)

    def document(self, report: TriedReport) -> SearchDocument:  # noqa: D102
        parts = [report.adopted, report.changed, report.advice]
        result = report.result
        if result is not None:
            parts.append(result.measure)
        update = report.published_follow_up
        if update is not None:
            parts.append(update.since)
        title = f"{report.area} tried this: {report.page.title}"
        return SearchDocument(
            key=self.key_for(report),
            kind=self.kind,
            object_id=report.pk,
            title=title[:255],
            url=report.get_absolute_url(),
            summary=report.adopted[:300],
            body=" ".join(part for part in parts if part),
            facts=report.area,
            published_at=report.decided_at,
        )


def register_sources() -> None:
    """Add the reports to site search (from the app's ``ready``)."""
    register(TriedReportSource(), label=LABEL)
