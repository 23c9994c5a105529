"""Case-study list, page, compare, CSV export and similar areas, through HTTP."""

import csv
import io

import pytest

from casestudies.models import CaseStudyPage
from tests.casestudies.factories import (
    ApproachFactory,
    CaseStudyFactory,
    ChallengeFactory,
    RegionFactory,
    ResourcingFactory,
    add_outcome,
    add_source,
    build_site,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return build_site()


@pytest.fixture
def terms():
    return {
        "bottom_up": ApproachFactory(slug="bottom-up", label="Bottom-up"),
        "strategic": ApproachFactory(slug="system-wide-strategic", label="Strategic"),
        "gps": ChallengeFactory(slug="engaging-gps", label="Engaging GPs"),
        "hospitals": ChallengeFactory(
            slug="engaging-hospitals", label="Engaging hospitals"
        ),
        "it": ChallengeFactory(slug="information-sharing-it", label="IT"),
        "modest": ResourcingFactory(slug="modest", label="Modest"),
        "london": RegionFactory(slug="london", label="London"),
    }


def _titles(response):
    return [page.title for page in response.context["results"]]


def test_list_shows_live_case_studies_only(client, site, terms):
    _, index = site
    CaseStudyFactory(parent=index, title="Live area")
    draft = CaseStudyFactory(parent=index, title="Draft area")
    draft.unpublish()
    response = client.get("/case-studies/")
    assert response.status_code == 200
    assert _titles(response) == ["Live area"]
    assert "Draft area" not in response.content.decode()


def test_values_within_a_facet_are_ored_and_facets_are_anded(client, site, terms):
    _, index = site
    CaseStudyFactory(
        parent=index,
        title="GPs bottom-up",
        terms={"approach": [terms["bottom_up"]], "challenges": [terms["gps"]]},
    )
    CaseStudyFactory(
        parent=index,
        title="Hospitals bottom-up",
        terms={"approach": [terms["bottom_up"]], "challenges": [terms["hospitals"]]},
    )
    CaseStudyFactory(
        parent=index,
        title="GPs strategic",
        terms={
            "approach": [terms["strategic"]],
            "challenges": [terms["gps"], terms["it"]],
        },
    )
    either = client.get(
        "/case-studies/?challenge=engaging-gps&challenge=engaging-hospitals"
    )
    assert sorted(_titles(either)) == [
        "GPs bottom-up",
        "GPs strategic",
        "Hospitals bottom-up",
    ]
    both = client.get("/case-studies/?challenge=engaging-gps&approach=bottom-up")
    assert _titles(both) == ["GPs bottom-up"]


def test_a_case_study_with_two_matching_terms_is_listed_once(client, site, terms):
    _, index = site
    CaseStudyFactory(
        parent=index, title="Two", terms={"challenges": [terms["gps"], terms["it"]]}
    )
    response = client.get(
        "/case-studies/?challenge=engaging-gps&challenge=information-sharing-it"
    )
    assert _titles(response) == ["Two"]
    assert response.context["page_obj"].paginator.count == 1


def test_sort_a_to_z_by_area(client, site):
    _, index = site
    for area in ["Wakefield", "airedale", "Sutton"]:
        CaseStudyFactory(parent=index, title=area, area=area)
    response = client.get("/case-studies/?sort=az")
    assert _titles(response) == ["airedale", "Sutton", "Wakefield"]


def test_list_paginates_twenty_a_page(client, site):
    _, index = site
    for n in range(23):
        CaseStudyFactory(parent=index, title=f"Area {n:02}", area=f"Area {n:02}")
    first = client.get("/case-studies/?sort=az")
    second = client.get("/case-studies/?sort=az&page=2")
    assert len(_titles(first)) == 20
    assert _titles(second) == ["Area 20", "Area 21", "Area 22"]
    assert 'rel="next"' in first.content.decode()


def test_unknown_slug_and_bad_page_give_a_clear_message_not_a_500(client, site):
    unknown = client.get("/case-studies/?challenge=no-such-thing")
    assert unknown.status_code == 400
    assert "is not a challenges we know" in unknown.content.decode()
    bad_page = client.get("/case-studies/?page=abc")
    assert bad_page.status_code == 400
    assert "The page number must be a whole number." in bad_page.content.decode()


def test_page_past_the_end_shows_the_last_page_with_a_notice(client, site):
    _, index = site
    CaseStudyFactory(parent=index)
    response = client.get("/case-studies/?page=7")
    assert response.status_code == 200
    assert "There is no page 7" in response.content.decode()
    assert len(_titles(response)) == 1


def test_active_filter_chips_link_to_the_list_without_that_value(client, site, terms):
    _, index = site
    CaseStudyFactory(parent=index, terms={"challenges": [terms["gps"]]})
    response = client.get("/case-studies/?challenge=engaging-gps&approach=bottom-up")
    chips = {
        chip["label"]: chip["remove"] for chip in response.context["active_filters"]
    }
    assert chips == {
        "Engaging GPs": "approach=bottom-up",
        "Bottom-up": "challenge=engaging-gps",
    }
    assert "Clear all filters" in response.content.decode()


def test_csv_export_follows_the_filters_and_defuses_formulas(client, site, terms):
    _, index = site
    CaseStudyFactory(
        parent=index, title='=HYPERLINK("x")', terms={"challenges": [terms["gps"]]}
    )
    CaseStudyFactory(parent=index, title="Other", terms={"challenges": [terms["it"]]})
    response = client.get("/case-studies/?challenge=engaging-gps&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1
    assert rows[0]["Title"] == '\'=HYPERLINK("x")'
    assert rows[0]["Challenges"] == "Engaging GPs"


def test_case_study_page_shows_fact_box_sources_narrative_and_chart(
    client, site, terms
):
    _, index = site
    page = CaseStudyFactory(
        parent=index,
        title="Documented area",
        provenance="documented",
        provenance_note="Drawn from two public evaluations.",
        region=terms["london"],
        resourcing=terms["modest"],
        narrative=[("how_they_started", "<p>It began with one GP.</p>")],
        terms={"challenges": [terms["gps"]]},
    )
    add_source(page, title="Evaluation report", url="https://example.org/report")
    add_outcome(
        page,
        measure="Emergency admissions",
        unit="admissions",
        baseline_value=120,
        baseline_period="2015/16",
        latest_value=90,
        latest_period="2017/18",
    )
    html = client.get(page.url).content.decode()
    assert "Documented: drawn from named public sources" in html
    assert 'href="https://example.org/report"' in html
    assert "How they started" in html and "It began with one GP." in html
    # Each term links to the filtered list.
    assert 'href="/case-studies/?challenge=engaging-gps"' in html
    assert 'href="/case-studies/?region=london"' in html
    # A chart and its data table.
    assert '<svg viewBox="0 0 480 80" role="img"' in html
    assert "Before (2015/16) 120; Latest (2017/18) 90" in html
    assert "<caption" in html and "Every result, with how, when" in html


def test_illustrative_case_study_says_plainly_that_it_is_not_a_real_area(client, site):
    _, index = site
    page = CaseStudyFactory(parent=index, provenance="illustrative")
    html = client.get(page.url).content.decode()
    assert "Illustrative, not a real area" in html
    assert "It does not describe any real place" in html


def test_empty_narrative_says_not_yet_documented(client, site):
    _, index = site
    page = CaseStudyFactory(parent=index)
    assert "Not yet documented" in client.get(page.url).content.decode()


def test_similar_areas_rank_by_shared_terms(client, site, terms):
    _, index = site
    subject = CaseStudyFactory(
        parent=index,
        title="Subject",
        terms={
            "approach": [terms["bottom_up"]],
            "challenges": [terms["gps"], terms["it"]],
        },
    )
    CaseStudyFactory(
        parent=index,
        title="Shares three",
        terms={
            "approach": [terms["bottom_up"]],
            "challenges": [terms["gps"], terms["it"]],
        },
    )
    CaseStudyFactory(
        parent=index, title="Shares one", terms={"challenges": [terms["it"]]}
    )
    CaseStudyFactory(
        parent=index,
        title="Shares two",
        terms={"approach": [terms["bottom_up"]], "challenges": [terms["gps"]]},
    )
    CaseStudyFactory(
        parent=index, title="Shares nothing", terms={"challenges": [terms["hospitals"]]}
    )
    CaseStudyFactory(
        parent=index,
        title="Shares two too",
        terms={"challenges": [terms["gps"], terms["it"]]},
    )
    similar = [p.title for p in subject.similar()]
    assert similar == ["Shares three", "Shares two", "Shares two too"]
    assert "Shares three" in client.get(subject.url).content.decode()


def test_compare_two_to_four_with_shared_terms_marked(client, site, terms):
    _, index = site
    pages = [
        CaseStudyFactory(
            parent=index,
            title=f"Area {n}",
            region=terms["london"],
            terms={"challenges": [terms["gps"]] + ([terms["it"]] if n else [])},
        )
        for n in range(4)
    ]
    for count in (2, 3, 4):
        ids = "&".join(f"ids={p.pk}" for p in pages[:count])
        response = client.get(f"/case-studies/compare/?{ids}")
        assert response.status_code == 200
        assert [p.title for p in response.context["pages"]] == [
            p.title for p in pages[:count]
        ]
    rows = {row.label: row.cells for row in response.context["rows"]}
    assert rows["Challenges"][0] == [("Engaging GPs", True)]
    assert ("IT", False) in rows["Challenges"][1]
    assert rows["NHS England region"][0] == [("London", True)]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("ids=1", "Choose at least 2 case studies"),
        ("ids=1&ids=2&ids=3&ids=4&ids=5", "up to 4 case studies"),
        ("ids=abc&ids=2", "is not a case study number"),
        ("ids=999998&ids=999999", "We could not find case study 999998, 999999"),
        ("", "Choose at least 2 case studies"),
    ],
)
def test_compare_rejects_bad_requests_with_a_clear_message(
    client, site, query, message
):
    response = client.get(f"/case-studies/compare/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_compare_refuses_unpublished_case_studies(client, site):
    _, index = site
    live = CaseStudyFactory(parent=index)
    draft = CaseStudyFactory(parent=index)
    draft.unpublish()
    response = client.get(f"/case-studies/compare/?ids={live.pk}&ids={draft.pk}")
    assert response.status_code == 400


def test_list_offers_compare_checkboxes_in_a_form_that_works_without_javascript(
    client, site
):
    _, index = site
    page = CaseStudyFactory(parent=index)
    html = client.get(f"/case-studies/?compare={page.pk}").content.decode()
    assert 'action="/case-studies/compare/"' in html
    assert f'name="ids" type="checkbox" value="{page.pk}" checked' in html


def test_region_map_counts_live_case_studies_and_links_to_the_filter(
    client, site, terms
):
    _, index = site
    CaseStudyFactory(parent=index, region=terms["london"])
    CaseStudyFactory(parent=index, region=terms["london"])
    CaseStudyFactory(parent=index, region=terms["london"]).unpublish()
    response = client.get("/case-studies/")
    assert {"slug": "london", "label": "London", "count": 2} in response.context[
        "regions"
    ]
    assert 'aria-label="London: 2 case studies"' in response.content.decode()


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm: Wagtail caches the site's root paths on first use
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _grow(index, terms, count):
    for n in range(count):
        CaseStudyFactory(
            parent=index,
            region=terms["london"],
            resourcing=terms["modest"],
            terms={
                "approach": [terms["bottom_up"]],
                "challenges": [terms["gps"], terms["it"]],
            },
        )
        if n % 3 == 0:
            ChallengeFactory()


def test_query_counts_do_not_grow_with_the_number_of_case_studies(client, site, terms):
    _, index = site
    _grow(index, terms, 15)
    subject = CaseStudyPage.objects.first()
    add_outcome(
        subject,
        baseline_value=1,
        baseline_period="a",
        latest_value=2,
        latest_period="b",
    )
    urls = [
        "/case-studies/",
        "/case-studies/?challenge=engaging-gps&sort=az",
        subject.url,
    ]
    small = [_count_queries(client, url) for url in urls]
    _grow(index, terms, 185)
    large = [_count_queries(client, url) for url in urls]
    assert CaseStudyPage.objects.live().count() == 200
    assert large == small
    # A budget as well as a constant: list, filtered list, case study page.
    assert max(small) <= 10, small
