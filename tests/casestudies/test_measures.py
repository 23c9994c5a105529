"""Results by measure: every visible area's result for one measure side by side,
and the compare view's shared measures; restricted and unpublished case studies
never show, and the pages' queries do not grow with the results."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from casestudies.models import OutcomeMeasure
from tests.casestudies.factories import CaseStudyFactory, add_outcome, build_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def index():
    return build_site()[1]


@pytest.fixture
def admissions():
    measure, _ = OutcomeMeasure.objects.get_or_create(
        slug="emergency-admissions",
        defaults={"label": "Emergency admissions", "definition": "Unplanned."},
    )
    return measure


def result(page, measure, percent, method="matched-comparison", **extra):
    return add_outcome(
        page,
        measure=extra.pop("wording", measure.label),
        measure_term=measure,
        method=method,
        period="2015 to 2017",
        compared_with="matched control care homes",
        effect_percent=Decimal(str(percent)),
        **extra,
    )


def test_the_measure_page_sets_each_areas_result_side_by_side(
    client, index, admissions
):
    real = CaseStudyFactory(
        parent=index, title="Nottingham City", provenance="documented"
    )
    composite = CaseStudyFactory(parent=index, title="Area A")
    local = CaseStudyFactory(parent=index, title="Wakefield", provenance="documented")
    result(composite, admissions, -30)
    result(real, admissions, -18)
    result(local, admissions, -13, method="local-monitoring")

    response = client.get("/case-studies/measures/emergency-admissions/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "3 areas report a result" in html
    # One chart per design; bars named by area, composites marked.
    assert html.count('role="img"') == 2
    assert "Nottingham City: 18% lower compared with matched control care homes" in html
    assert "Area A (illustrative)" in html
    # The real area comes before the composite of the same design.
    assert html.index("Nottingham City</a>") < html.index("Area A</a>")
    assert "Illustrative composite: not a real area" in html


def test_restricted_and_unpublished_case_studies_never_show(client, index, admissions):
    public = CaseStudyFactory(parent=index, title="Open area")
    restricted = CaseStudyFactory(parent=index, title="Members-only area")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    draft = CaseStudyFactory(parent=index, title="Draft area")
    draft.unpublish()
    for page in (public, restricted, draft):
        result(page, admissions, -10)

    listing = client.get("/case-studies/measures/").content.decode()
    assert "Emergency admissions</a> – 1 area, 1 result" in listing
    detail = client.get("/case-studies/measures/emergency-admissions/").content.decode()
    assert "Open area" in detail
    assert "Members-only area" not in detail and "Draft area" not in detail


def test_a_measure_nobody_reports_says_so_and_an_unknown_one_is_not_found(
    client, index, admissions
):
    html = client.get("/case-studies/measures/emergency-admissions/").content.decode()
    assert "No case study has published a result for this measure yet." in html
    for slug in ("nope", "%C2%B2", "emergency-admissions-x"):
        assert client.get(f"/case-studies/measures/{slug}/").status_code == 404
    assert (
        "No case study has published a measured result yet."
        in client.get("/case-studies/measures/").content.decode()
    )


def test_compare_shows_the_measures_two_areas_share_and_only_those(
    client, index, admissions
):
    falls, _ = OutcomeMeasure.objects.get_or_create(
        slug="falls", defaults={"label": "Falls", "definition": "Falls."}
    )
    first = CaseStudyFactory(
        parent=index, title="Nottingham City", provenance="documented"
    )
    second = CaseStudyFactory(parent=index, title="Rushcliffe", provenance="documented")
    result(first, admissions, -18)
    result(second, admissions, -23)
    result(first, falls, -5)
    html = client.get(
        f"/case-studies/compare/?ids={first.pk}&ids={second.pk}"
    ).content.decode()
    assert "Results they both measured" in html
    assert "Nottingham City: 18% lower" in html and "Rushcliffe: 23% lower" in html
    assert '<h3 class="nhsuk-heading-m">Emergency admissions</h3>' in html
    assert "Falls</h3>" not in html  # only one of them reports falls
    assert "How it was paid for, in their words" in html

    third = CaseStudyFactory(parent=index, title="Leeds")
    html = client.get(
        f"/case-studies/compare/?ids={first.pk}&ids={third.pk}"
    ).content.decode()
    assert "These case studies report no measure in common." in html


def _queries(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_measure_and_compare_pages_read_a_fixed_number_of_queries(
    client, index, admissions
):
    pages = [CaseStudyFactory(parent=index, title=f"Area {n}") for n in range(2)]
    for page in pages:
        result(page, admissions, -10)
    urls = [
        "/case-studies/measures/",
        "/case-studies/measures/emergency-admissions/",
        f"/case-studies/compare/?ids={pages[0].pk}&ids={pages[1].pk}",
    ]
    before = [_queries(client, url) for url in urls]
    for n in range(8):
        extra = CaseStudyFactory(parent=index, title=f"More {n}")
        result(extra, admissions, -n)
        for page in pages:
            result(page, admissions, -n - 1)
    assert [_queries(client, url) for url in urls] == before
