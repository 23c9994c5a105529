"""One measure's results from every area, side by side.

Only results of live case studies a reader may see are listed (published,
no view restriction). Documented areas come before illustrative composites,
then the stronger designs; charts stay one per design (casestudies/charts.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from casestudies.charts import EffectChart, effect_charts
from casestudies.models import (
    CaseStudyOutcome,
    CaseStudyPage,
    OutcomeMeasure,
    OutcomeMethod,
    Provenance,
)

#: Designs in the order readers should weigh them.
DESIGN_ORDER = [
    OutcomeMethod.MATCHED_COMPARISON,
    OutcomeMethod.BEFORE_AFTER,
    OutcomeMethod.LOCAL_MONITORING,
    OutcomeMethod.QUALITATIVE,
]
PROVENANCE_ORDER = [
    Provenance.DOCUMENTED,
    Provenance.SUBMITTED,
    Provenance.ILLUSTRATIVE,
]


def _visible_pages():
    return CaseStudyPage.objects.live().public()


def measures_in_use() -> list[OutcomeMeasure]:
    """Every measure with at least one visible result, each with ``areas``."""
    visible = Q(outcomes__page__in=_visible_pages())
    return list(
        OutcomeMeasure.objects.annotate(
            areas=Count("outcomes__page", filter=visible, distinct=True),
            results=Count("outcomes", filter=visible),
        )
        .filter(results__gt=0)
        .order_by("sort_order", "label")
    )


def _rank(outcome: CaseStudyOutcome) -> tuple:
    return (
        PROVENANCE_ORDER.index(outcome.page.provenance)
        if outcome.page.provenance in PROVENANCE_ORDER
        else len(PROVENANCE_ORDER),
        DESIGN_ORDER.index(outcome.method)
        if outcome.method in DESIGN_ORDER
        else len(DESIGN_ORDER),
        outcome.page.title,
        outcome.sort_order,
    )


def area_label(outcome: CaseStudyOutcome) -> str:
    """A bar's name on a chart of several areas: the area, marked if composite."""
    if outcome.page.provenance == Provenance.ILLUSTRATIVE:
        return f"{outcome.page.title} (illustrative)"
    return outcome.page.title


@dataclass(frozen=True)
class MeasureResults:
    """One measure's results across areas, with their charts per design."""

    measure: OutcomeMeasure
    results: list[CaseStudyOutcome]
    charts: list[EffectChart]

    @property
    def areas(self) -> int:
        """How many areas have a result for this measure."""
        return len({outcome.page_id for outcome in self.results})


def _results(measure: OutcomeMeasure, rows: list[CaseStudyOutcome]) -> MeasureResults:
    results = sorted(rows, key=_rank)
    return MeasureResults(measure, results, effect_charts(results, label=area_label))


def measure_results(measure: OutcomeMeasure) -> MeasureResults:
    """Everything the measure page shows: each visible area's result."""
    rows = CaseStudyOutcome.objects.filter(
        measure_term=measure, page__in=_visible_pages()
    ).select_related("page", "measure_term")
    return _results(measure, list(rows))


def shared_measures(pages: list[CaseStudyPage]) -> list[MeasureResults]:
    """Measures that two or more of ``pages`` report, for the compare view.

    One query for every result of the compared pages, grouped here.
    """
    by_measure: dict[int, list[CaseStudyOutcome]] = {}
    rows = CaseStudyOutcome.objects.filter(
        page__in=[page.pk for page in pages], measure_term__isnull=False
    ).select_related("page", "measure_term")
    for outcome in rows:
        by_measure.setdefault(outcome.measure_term_id, []).append(outcome)
    shared = [
        results
        for results in by_measure.values()
        if len({outcome.page_id for outcome in results}) >= 2
    ]
    shared.sort(
        key=lambda rows: (rows[0].measure_term.sort_order, rows[0].measure_term.label)
    )
    return [_results(rows[0].measure_term, rows) for rows in shared]
