"""Outcome charts drawn on the server as SVG, always beside a data table.

Two kinds: before/after bars (each row scaled on its own, units differ) and
effects, relative changes in per cent drawn from a zero line with their
confidence interval where published. Results of different designs are never
drawn on one chart: each design gets its own group and heading.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from casestudies.models import CaseStudyOutcome, OutcomeMethod

BAR_MAX_WIDTH = 300  # SVG user units; the viewBox scales it to the page

# Effect charts: narrow enough to stay legible on a phone (the viewBox scales
# to the column), each row a full-width label line over its bar.
EFFECT_WIDTH = 360
PLOT_LEFT = 14
PLOT_RIGHT = 346
HALF_PLOT = (PLOT_RIGHT - PLOT_LEFT) / 2  # each side of the zero line
ZERO_X = int(PLOT_LEFT + HALF_PLOT)
EFFECT_ROW_HEIGHT = 52
EFFECT_TOP = 4  # room above the first row
EFFECT_AXIS_HEIGHT = 30  # the tick labels under the last row


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


@dataclass(frozen=True)
class EffectRow:
    """One effect: a bar from the zero line, and its interval when published."""

    outcome: CaseStudyOutcome
    label: str
    y: int
    bar_x: int
    bar_width: int
    text: str
    short: str
    interval: tuple[int, int] | None

    @property
    def label_y(self) -> int:
        """The baseline of the measure's name, above the bar."""
        return self.y + 15

    @property
    def bar_y(self) -> int:
        """The top of the bar."""
        return self.y + 24

    @property
    def mid_y(self) -> int:
        """The bar's middle, where the interval line runs."""
        return self.bar_y + 10

    @property
    def value_y(self) -> int:
        """The baseline of the effect in words, beside the bar."""
        return self.bar_y + 15

    @property
    def value_x(self) -> int:
        """The words go on the empty side of the zero line."""
        return ZERO_X + 6 if self.bar_x < ZERO_X else ZERO_X - 6

    @property
    def value_anchor(self) -> str:
        """SVG text-anchor for the words: away from the bar."""
        return "start" if self.bar_x < ZERO_X else "end"


@dataclass(frozen=True)
class EffectChart:
    """Every effect of one design on one per-cent axis around zero."""

    method: str
    method_label: str
    rows: list[EffectRow]
    ticks: list[tuple[int, str, str]]
    height: int

    @property
    def zero_x(self) -> int:
        """Where the zero line runs: the same on every effect chart."""
        return ZERO_X

    @property
    def axis_y(self) -> int:
        """Where the axis and its tick labels sit, under the last row."""
        return self.height - EFFECT_AXIS_HEIGHT + 4

    @property
    def description(self) -> str:
        """What a screen reader hears for the whole chart."""
        return "; ".join(f"{row.label}: {row.text}" for row in self.rows)


def effect_text(outcome: CaseStudyOutcome) -> str:
    """An effect in words, with its comparison and interval.

    For example: 18% lower compared with matched control care homes (95% confidence
    interval: 25% lower to 10% lower).
    """
    words = _direction(outcome.effect_percent)
    if outcome.compared_with:
        words = f"{words} compared with {outcome.compared_with}"
    if outcome.effect_lower is None or outcome.effect_upper is None:
        return words
    low, high = outcome.effect_lower, outcome.effect_upper
    return f"{words} (95% confidence interval: {_direction(low)} to {_direction(high)})"


def _direction(value: Decimal) -> str:
    if value == 0:
        return "no change"
    return f"{_format(abs(value))}% {'lower' if value < 0 else 'higher'}"


def _nice_scale(largest: Decimal) -> int:
    """The axis half-width: the largest magnitude rounded up to 10, at least 10."""
    # math.ceil, not -(-x // 10): Decimal's // truncates towards zero.
    return max(10, math.ceil(largest / 10) * 10)


def effect_charts(
    outcomes: list[CaseStudyOutcome],
    label: Callable[[CaseStudyOutcome], str] = lambda outcome: outcome.measure,
) -> list[EffectChart]:
    """One chart per design for the rows that hold an effect.

    ``label`` names each bar: the measure on a case study, the area where one
    measure's results from several areas are set side by side.
    """
    by_method: dict[str, list[CaseStudyOutcome]] = {}
    for outcome in outcomes:
        if outcome.has_effect:
            by_method.setdefault(outcome.method, []).append(outcome)
    labels = dict(OutcomeMethod.choices)
    charts = []
    for method, rows in by_method.items():
        magnitudes = [
            abs(v)
            for o in rows
            for v in (o.effect_percent, o.effect_lower, o.effect_upper)
            if v is not None
        ]
        scale = _nice_scale(max(magnitudes))

        def x_of(value: Decimal, scale: int = scale) -> int:
            return int(round(ZERO_X + HALF_PLOT * float(value) / scale))

        drawn = []
        for position, outcome in enumerate(rows):
            x = x_of(outcome.effect_percent)
            interval = None
            if outcome.effect_lower is not None and outcome.effect_upper is not None:
                interval = (x_of(outcome.effect_lower), x_of(outcome.effect_upper))
            drawn.append(
                EffectRow(
                    outcome=outcome,
                    label=label(outcome),
                    y=EFFECT_TOP + position * EFFECT_ROW_HEIGHT,
                    bar_x=min(x, ZERO_X),
                    bar_width=max(abs(x - ZERO_X), 2),
                    text=effect_text(outcome),
                    short=_direction(outcome.effect_percent),
                    interval=interval,
                )
            )
        # The end labels lean inwards so neither is cut off at the edge.
        ticks = [
            (x_of(Decimal(v)), "0" if v == 0 else f"{v:+d}%", anchor)
            for v, anchor in (
                (-scale, "start"),
                (-scale // 2, "middle"),
                (0, "middle"),
                (scale // 2, "middle"),
                (scale, "end"),
            )
        ]
        charts.append(
            EffectChart(
                method=method,
                method_label=labels.get(method, method),
                rows=drawn,
                ticks=ticks,
                height=EFFECT_TOP + len(drawn) * EFFECT_ROW_HEIGHT + EFFECT_AXIS_HEIGHT,
            )
        )
    return charts
