"""Outcome charts drawn on the server as SVG: before/after bars with a data table.

Rows with different methods are never drawn as one chart: each method gets its
own group and heading, and each row is scaled on its own (units differ).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from casestudies.models import CaseStudyOutcome, OutcomeMethod

BAR_MAX_WIDTH = 300  # SVG user units; the viewBox scales it to the page


@dataclass(frozen=True)
class Bar:
    """One bar: its label, value, width in SVG units and the value as text."""

    label: str
    value: Decimal
    width: int
    text: str


@dataclass(frozen=True)
class OutcomeChart:
    """A before/after pair for one outcome row."""

    outcome: CaseStudyOutcome
    bars: tuple[Bar, Bar]

    @property
    def title(self) -> str:
        """The measure with its unit, for the chart heading."""
        unit = f" ({self.outcome.unit})" if self.outcome.unit else ""
        return f"{self.outcome.measure}{unit}"


@dataclass(frozen=True)
class ChartGroup:
    """The charts of one method, labelled so methods are never mixed."""

    method: str
    method_label: str
    charts: list[OutcomeChart]


def _format(value: Decimal) -> str:
    normalised = value.normalize()
    text = f"{normalised:,f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _bar(label: str, period: str, value: Decimal, largest: Decimal) -> Bar:
    width = 0 if largest == 0 else int(round(BAR_MAX_WIDTH * abs(value) / largest))
    full_label = f"{label} ({period})" if period else label
    return Bar(label=full_label, value=value, width=max(width, 2), text=_format(value))


def outcome_charts(outcomes: list[CaseStudyOutcome]) -> list[ChartGroup]:
    """Group chartable outcome rows by method and scale each pair of bars."""
    groups: dict[str, list[OutcomeChart]] = {}
    for outcome in outcomes:
        if not outcome.chartable:
            continue
        largest = max(abs(outcome.baseline_value), abs(outcome.latest_value))
        bars = (
            _bar("Before", outcome.baseline_period, outcome.baseline_value, largest),
            _bar("Latest", outcome.latest_period, outcome.latest_value, largest),
        )
        groups.setdefault(outcome.method, []).append(OutcomeChart(outcome, bars))
    labels = dict(OutcomeMethod.choices)
    return [
        ChartGroup(
            method=method, method_label=labels.get(method, method), charts=charts
        )
        for method, charts in groups.items()
    ]
