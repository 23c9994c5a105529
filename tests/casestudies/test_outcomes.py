"""Outcomes held the way evaluations publish them: effects against a comparison
with their design and period, before/after values, or described findings;
charted per design, never mixed; every demo outcome passes its own rules."""

from __future__ import annotations

import importlib
import re
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.core.management import call_command

from casestudies.charts import HALF_PLOT, PLOT_LEFT, effect_charts, effect_text
from casestudies.models import (
    CaseStudyOutcome,
    CaseStudyPage,
    OutcomeMeasure,
    OutcomeMethod,
)
from tests.casestudies.factories import CaseStudyFactory, add_outcome, build_site

pytestmark = pytest.mark.django_db

ZERO_X = int(PLOT_LEFT + HALF_PLOT)


def effect(percent, method="matched-comparison", lower=None, upper=None, **extra):
    values = {
        "measure": "Emergency admissions",
        "method": method,
        "period": "September 2014 to April 2017",
        "compared_with": "matched control care homes",
        "effect_percent": Decimal(str(percent)),
        "effect_lower": None if lower is None else Decimal(str(lower)),
        "effect_upper": None if upper is None else Decimal(str(upper)),
        **extra,
    }
    return CaseStudyOutcome(**values)


def errors_of(outcome: CaseStudyOutcome) -> dict:
    with pytest.raises(ValidationError) as caught:
        outcome.full_clean(exclude=["page"])
    return caught.value.message_dict


def test_an_effect_with_its_design_period_and_comparison_is_valid():
    effect(-18, lower=-25, upper=-10).full_clean(exclude=["page"])


def test_an_effect_needs_its_period_and_what_it_is_against():
    errors = errors_of(effect(-18, period="", compared_with=""))
    assert set(errors) == {"period", "compared_with"}
    assert "period" in errors["period"][0]


def test_an_effect_and_before_after_values_are_not_mixed_in_one_row():
    row = effect(-18, baseline_value=10, baseline_period="2015")
    assert "not both" in errors_of(row)["effect_percent"][0]


@pytest.mark.parametrize(
    ("lower", "upper", "field"),
    [
        (-25, None, "effect_upper"),
        (None, -10, "effect_lower"),
        (-10, -5, "effect_lower"),
    ],
)
def test_a_confidence_interval_has_both_ends_around_its_effect(lower, upper, field):
    assert field in errors_of(effect(-18, lower=lower, upper=upper))


def test_a_described_result_carries_no_figures():
    assert "method" in errors_of(effect(-18, method=OutcomeMethod.QUALITATIVE))
    CaseStudyOutcome(
        measure="Residents' experience", method="qualitative", note="Homes said…"
    ).full_clean(exclude=["page"])


def test_evidence_strength_follows_design_and_source():
    assert (
        effect(-18, source_kind="evaluation").evidence_strength
        == "Stronger: independent, against a matched group"
    )
    assert effect(
        -4, method="local-monitoring", source_kind="provider"
    ).evidence_strength.startswith("Weaker: reported second-hand")
    assert (
        effect(-13, method="local-monitoring", source_kind="official").evidence_strength
        == "Weaker: no matched comparison"
    )


def test_an_effect_in_words_names_direction_comparison_and_interval():
    assert (
        effect_text(effect(-18)) == "18% lower compared with matched control care homes"
    )
    assert effect_text(effect(12.5, lower=2, upper=20)) == (
        "12.5% higher compared with matched control care homes "
        "(95% confidence interval: 2% higher to 20% higher)"
    )


def test_effect_charts_never_put_two_designs_on_one_axis():
    charts = effect_charts(
        [
            effect(-18),
            effect(-13, method="local-monitoring"),
            effect(-27, measure="Potentially avoidable admissions"),
            CaseStudyOutcome(measure="Falls", method="before-after"),  # no effect
        ]
    )
    assert [(c.method, len(c.rows)) for c in charts] == [
        ("matched-comparison", 2),
        ("local-monitoring", 1),
    ]
    assert charts[0].method_label == "Against a matched comparison group"


@pytest.mark.parametrize(
    ("largest", "scale"), [(-4.3, 10), (-23, 30), (-20, 20), (-69, 70), (101, 110)]
)
def test_the_axis_reaches_past_the_largest_effect(largest, scale):
    (chart,) = effect_charts([effect(largest)])
    assert chart.ticks[-1][1] == f"+{scale}%"
    (row,) = chart.rows
    assert (
        row.bar_x >= PLOT_LEFT
        and row.bar_x + row.bar_width <= PLOT_LEFT + 2 * HALF_PLOT
    )


def test_a_fall_is_drawn_left_of_zero_a_rise_right_and_the_interval_around_it():
    (chart,) = effect_charts([effect(-20, lower=-30, upper=-10), effect(10)])
    fall, rise = chart.rows
    assert chart.zero_x == ZERO_X
    assert fall.bar_x + fall.bar_width == ZERO_X  # ends at the zero line
    assert rise.bar_x == ZERO_X
    # The axis is ±30 (the interval's far end rounded up to 10).
    assert [label for _, label, _ in chart.ticks] == [
        "-30%",
        "-15%",
        "0",
        "+15%",
        "+30%",
    ]
    low, high = fall.interval
    assert low < fall.bar_x < high < ZERO_X
    assert rise.interval is None


@pytest.fixture
def page():
    _, index = build_site()
    return CaseStudyFactory(parent=index, title="Nottingham City")


def test_the_page_charts_an_effect_and_tables_it_with_design_period_and_source(
    client, page
):
    measure, _ = OutcomeMeasure.objects.get_or_create(
        slug="emergency-admissions",
        defaults={"label": "Emergency admissions", "definition": "x"},
    )
    add_outcome(
        page,
        measure="Emergency admissions",
        measure_term=measure,
        method="matched-comparison",
        period="September 2014 to April 2017",
        compared_with="matched control care homes",
        population="39 care homes",
        effect_percent=Decimal("-18"),
        source_title="Improvement Analytics Unit evaluation",
        source_url="https://example.org/iau",
        source_kind="evaluation",
    )
    add_outcome(
        page,
        measure="A&E attendances",
        method="matched-comparison",
        period="September 2014 to April 2017",
        note="Not different overall.",
        source_kind="evaluation",
    )
    html = client.get(page.url).content.decode()
    assert "Effects – against a matched comparison group" in html
    assert re.search(r'<svg viewBox="0 0 360 \d+" role="img" aria-label="', html)
    assert (
        "Emergency admissions: 18% lower compared with matched control care homes"
        in html
    )
    assert "18% lower compared with matched control care homes</td>" in html
    assert "September 2014 to April 2017" in html and "39 care homes" in html
    assert "Stronger: independent, against a matched group" in html
    assert "(independent evaluation)" in html
    assert "No single figure: see the note" in html
    assert "Not recorded" not in html


def test_a_single_value_shows_with_its_period_not_as_before(client, page):
    add_outcome(
        page,
        measure="Died in their preferred place",
        method="local-monitoring",
        unit="%",
        latest_value=80,
        latest_period="During the vanguard",
    )
    html = client.get(page.url).content.decode()
    assert "Value: 80 % (During the vanguard)" in html
    assert "Before:" not in html


def test_outcome_rows_add_no_queries_per_row(client, page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        client.get(page.url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(page.url).status_code == 200
        return len(ctx.captured_queries)

    measures = [
        OutcomeMeasure.objects.create(slug=f"m{i}", label=f"M{i}", definition="x")
        for i in range(5)
    ]
    add_outcome(page, measure_term=measures[0], **_effect_fields(-5))
    one = count()
    for measure in measures[1:]:
        add_outcome(page, measure_term=measure, **_effect_fields(-7))
    assert count() == one


def _effect_fields(percent) -> dict:
    return {
        "method": "matched-comparison",
        "period": "2015 to 2017",
        "compared_with": "matched control care homes",
        "effect_percent": Decimal(str(percent)),
    }


def test_the_migration_names_measures_and_moves_a_figureless_rows_period(page):
    migration = importlib.import_module(
        "casestudies.migrations.0006_outcomes_to_measures"
    )
    avoidable = add_outcome(
        page,
        measure="Potentially avoidable emergency admissions",
        latest_period="September 2014 to April 2017",
        method="matched-comparison",
    )
    valued = add_outcome(
        page,
        measure="Ambulance call-outs to homes",
        latest_value=5,
        latest_period="2017",
    )
    migration.forwards(django_apps, None)
    avoidable.refresh_from_db()
    valued.refresh_from_db()
    assert avoidable.measure_term.slug == "potentially-avoidable-admissions"
    assert (avoidable.period, avoidable.latest_period) == (
        "September 2014 to April 2017",
        "",
    )
    assert valued.measure_term.slug == "ambulance-call-outs"
    assert (valued.period, valued.latest_period) == ("", "2017")


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def test_every_demo_outcome_passes_its_own_rules_and_every_page_publishes_again(demo):
    for page in CaseStudyPage.objects.live():
        for outcome in page.outcomes.all():
            outcome.full_clean(exclude=["page"])
        page.full_clean()
        page.save_revision().publish()


def test_every_real_areas_figure_is_charted_with_design_and_period(demo, client):
    documented = CaseStudyPage.objects.filter(provenance="documented")
    effects = CaseStudyOutcome.objects.filter(
        page__in=documented, effect_percent__isnull=False
    )
    # Nottingham's evaluation, as the research note gives it.
    nottingham = effects.get(page__slug="nottingham-city", effect_percent=-18)
    assert nottingham.method == "matched-comparison"
    assert nottingham.period == "September 2014 to April 2017"
    assert nottingham.population == "39 care homes"
    assert effects.count() >= 20
    for outcome in CaseStudyOutcome.objects.filter(page__in=documented):
        assert outcome.measure_term is not None, outcome.measure
        assert outcome.source_kind, outcome.measure
        if outcome.effect_percent is not None or outcome.latest_value is not None:
            assert outcome.when != "Period not given by the source", outcome.measure
    html = client.get(CaseStudyPage.objects.get(slug="nottingham-city").url)
    assert "18% lower compared with a matched control group" in html.content.decode()


def test_real_areas_are_classified_and_each_class_says_where_it_comes_from(
    demo, client
):
    documented = CaseStudyPage.objects.filter(provenance="documented")
    for field in ("approach", "rollout", "challenges", "elements"):
        tagged = documented.filter(**{f"{field}__isnull": False}).distinct()
        assert tagged.count() >= 4, field
        for page in tagged:
            assert getattr(page, f"{field}_basis") in {"stated", "inferred"}
    # Each approach and rollout filter the real areas support finds one.
    for facet, slug in [
        ("approach", "system-wide-strategic"),
        ("approach", "mixed"),
        ("rollout", "pilot-group"),
        ("rollout", "whole-area-alignment"),
        ("challenge", "uneven-implementation"),
    ]:
        response = client.get(f"/case-studies/?{facet}={slug}")
        found = {hit.display["provenance"] for hit in response.context["results"]}
        assert "documented" in found, (facet, slug)


def test_every_find_your_way_in_card_leads_to_real_content(demo, client):
    from cms.routes import VISITOR_ROUTES

    home = client.get("/").content.decode()
    for route in VISITOR_ROUTES:
        assert f'href="{route.url}"' in home, route.label
        response = client.get(route.url)
        assert response.status_code == 200, route.label
        if route.url.startswith("/case-studies/"):
            kinds = [hit.display["provenance"] for hit in response.context["results"]]
            assert kinds, f"{route.label}: an empty list"
            assert "documented" in kinds, f"{route.label}: composites only"
        else:  # the residents' space: published views to read
            sections = response.context["sections"]
            assert any(section.statements for section in sections), route.label


def test_every_real_area_gets_similar_areas_with_reasons(demo):
    from casestudies.similarity import similar_areas

    for page in CaseStudyPage.objects.filter(provenance="documented"):
        suggestions = similar_areas(page)
        assert suggestions, page.slug
        assert all(s.reasons for s in suggestions), page.slug
        assert any(s.page.provenance == "documented" for s in suggestions), page.slug
