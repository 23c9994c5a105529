"""Outcome charts never mix methods; the synthetic generator is bulk and removable."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from casestudies.charts import BAR_MAX_WIDTH, outcome_charts
from casestudies.models import CaseStudyOutcome, CaseStudyPage


def _row(method, base, latest, measure="Admissions"):
    return CaseStudyOutcome(
        measure=measure,
        method=method,
        baseline_value=None if base is None else Decimal(base),
        baseline_period="2015",
        latest_value=None if latest is None else Decimal(latest),
        latest_period="2018",
    )


def test_charts_group_rows_by_method_and_skip_rows_without_both_values():
    groups = outcome_charts(
        [
            _row("before-after", 100, 50),
            _row("matched-comparison", 10, 20, "Falls"),
            _row("before-after", None, 5, "Claims"),
            _row("before-after", 4, 8, "Visits"),
        ]
    )
    assert [(g.method, len(g.charts)) for g in groups] == [
        ("before-after", 2),
        ("matched-comparison", 1),
    ]
    assert groups[1].method_label == "Against a matched comparison group"


def test_bars_scale_to_the_larger_value_of_their_own_row():
    (group,) = outcome_charts([_row("before-after", 100, 25)])
    before, after = group.charts[0].bars
    assert before.width == BAR_MAX_WIDTH
    assert after.width == BAR_MAX_WIDTH // 4
    assert (before.text, after.text) == ("100", "25")
    assert before.label == "Before (2015)"


@pytest.mark.django_db
def test_generate_casestudies_creates_removable_marked_pages_that_render(client):
    call_command("load_demo", verbosity=0)
    call_command("generate_casestudies", count=120, seed=7, verbosity=0)
    synthetic = CaseStudyPage.objects.filter(slug__startswith="synthetic-")
    assert synthetic.count() == 120
    assert set(synthetic.values_list("provenance", flat=True)) == {"illustrative"}
    page = synthetic.order_by("pk").first()
    assert client.get(page.url).status_code == 200
    assert client.get("/case-studies/").context["page_obj"].paginator.count == 135
    # A second run with the same seed adds nothing.
    call_command("generate_casestudies", count=120, seed=7, verbosity=0)
    assert synthetic.count() == 120
    call_command("generate_casestudies", remove=True, verbosity=0)
    assert not CaseStudyPage.objects.filter(slug__startswith="synthetic-").exists()
    assert CaseStudyPage.objects.count() == 15
