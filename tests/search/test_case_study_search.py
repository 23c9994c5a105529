"""Faceted case-study search: the same behaviour from both engines."""

import csv
import io

import pytest
from django.test import override_settings

from casestudies.models import CaseStudyPage
from search.models import SynonymGroup
from tests.casestudies.factories import (
    ApproachFactory,
    CaseStudyFactory,
    ChallengeFactory,
    RegionFactory,
    ResourcingFactory,
    build_site,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    _, index = build_site()
    bottom_up = ApproachFactory(slug="bottom-up", label="Bottom-up")
    strategic = ApproachFactory(slug="system-wide-strategic", label="Strategic")
    gps = ChallengeFactory(slug="engaging-gps", label="Engaging GPs")
    hospitals = ChallengeFactory(slug="engaging-hospitals", label="Engaging hospitals")
    ChallengeFactory(slug="scaling-up", label="Scaling up")
    none = ResourcingFactory(slug="none", label="No specific resources")
    modest = ResourcingFactory(slug="modest", label="Modest")
    london = RegionFactory(slug="london", label="London")
    pages = {
        "a": CaseStudyFactory(
            parent=index,
            title="Alpha",
            area="Alpha",
            resourcing=none,
            region=london,
            summary="Started with one general practitioner and two homes.",
            terms={"approach": [bottom_up], "challenges": [gps]},
        ),
        "b": CaseStudyFactory(
            parent=index,
            title="Bravo",
            area="Bravo",
            resourcing=modest,
            summary="The trust organized training for staff.",
            terms={"approach": [bottom_up], "challenges": [hospitals]},
        ),
        "c": CaseStudyFactory(
            parent=index,
            title="Charlie",
            area="Charlie",
            resourcing=modest,
            summary="A plan across the whole area engaging every practice.",
            terms={"approach": [strategic], "challenges": [gps, hospitals]},
        ),
    }
    return index, pages


def _titles(response):
    return sorted(r["title"] for r in response.json()["results"])


def _counts(response, facet):
    return {
        v["value"]: (v["count"], v["selected"])
        for v in response.json()["facets"][facet]
    }


def test_values_in_a_facet_are_ored_and_facets_are_anded(client, corpus, reindex):
    reindex()
    ored = client.get(
        "/case-studies/?format=json&challenge=engaging-gps&challenge=engaging-hospitals"
    )
    assert _titles(ored) == ["Alpha", "Bravo", "Charlie"]
    anded = client.get(
        "/case-studies/?format=json&challenge=engaging-gps&approach=bottom-up"
    )
    assert _titles(anded) == ["Alpha"]


def test_each_facet_counts_with_every_other_facets_selection(client, corpus, reindex):
    reindex()
    response = client.get(
        "/case-studies/?format=json&approach=bottom-up&challenge=engaging-gps"
    )
    # Challenge counts apply the approach selection but not the challenge one.
    challenge = _counts(response, "challenge")
    assert challenge["engaging-gps"] == (1, True)
    assert challenge["engaging-hospitals"] == (1, False)
    # Approach counts apply the challenge selection but not the approach one.
    approach = _counts(response, "approach")
    assert approach["bottom-up"] == (1, True)
    assert approach["system-wide-strategic"] == (1, False)


def test_a_selected_value_with_no_results_still_shows_with_zero(
    client, corpus, reindex
):
    reindex()
    response = client.get("/case-studies/?format=json&challenge=scaling-up")
    assert response.json()["count"] == 0
    assert _counts(response, "challenge")["scaling-up"] == (0, True)


def test_counts_equal_the_results_a_click_would_give(client, corpus, reindex):
    reindex()
    listing = client.get("/case-studies/?format=json&resourcing=modest")
    for value, (count, _selected) in _counts(listing, "challenge").items():
        clicked = client.get(
            f"/case-studies/?format=json&resourcing=modest&challenge={value}"
        )
        assert clicked.json()["count"] == count, value


def test_free_text_combines_with_facets_and_uses_stems_and_spellings(
    client, corpus, reindex
):
    reindex()
    # "organise" (British) finds "organized" (American); "planning" finds "plan".
    assert _titles(client.get("/case-studies/?format=json&q=organise")) == ["Bravo"]
    assert _titles(client.get("/case-studies/?format=json&q=planning")) == ["Charlie"]
    assert (
        _titles(
            client.get(
                "/case-studies/?format=json&q=homes&approach=system-wide-strategic"
            )
        )
        == []
    )


def test_synonyms_expand_queries_and_edits_apply_without_reindexing(
    client, corpus, reindex
):
    reindex()
    # Seeded: GP / general practitioner / general practice / primary care.
    assert _titles(client.get("/case-studies/?format=json&q=GP")) == ["Alpha"]
    assert _titles(client.get("/case-studies/?format=json&q=coaching")) == []
    SynonymGroup.objects.create(terms="coaching, training")
    assert _titles(client.get("/case-studies/?format=json&q=coaching")) == ["Bravo"]


def test_results_carry_highlighted_snippets(client, corpus, reindex):
    reindex()
    response = client.get("/case-studies/?format=json&q=practitioner")
    (hit,) = response.json()["results"]
    assert "<mark>practitioner</mark>" in hit["highlight"]


def test_titles_weigh_more_than_body_text(client, corpus, reindex):
    _, pages = corpus
    index = pages["a"].get_parent()
    CaseStudyFactory(
        parent=index, title="Delta", area="Delta", summary="Mentions Zulu once."
    )
    CaseStudyFactory(parent=index, title="Zulu", area="Zulu", summary="Something else.")
    reindex()
    results = client.get("/case-studies/?format=json&q=zulu").json()["results"]
    assert [r["title"] for r in results] == ["Zulu", "Delta"]


def test_json_shape_matches_the_published_contract(client, corpus, reindex):
    reindex()
    body = client.get("/case-studies/?format=json&sort=az").json()
    assert set(body) >= {"count", "page", "num_pages", "results", "facets"}
    first = body["results"][0]
    assert set(first) == {
        "id",
        "title",
        "url",
        "area",
        "region",
        "approach",
        "rollout",
        "resourcing",
        "challenges",
        "classification_basis",
        "highlight",
    }
    assert first["title"] == "Alpha"
    assert first["region"] == "london" and first["resourcing"] == "none"
    assert first["approach"] == ["bottom-up"] and first["challenges"] == [
        "engaging-gps"
    ]
    assert set(body["facets"]) == {
        "approach",
        "rollout",
        "resourcing",
        "challenge",
        "region",
        "lead",
        "element",
        "provenance",
    }


def test_pagination_is_stable_and_past_the_end_shows_the_last_page(
    client, corpus, reindex
):
    _, pages = corpus
    index = pages["a"].get_parent()
    for n in range(22):
        CaseStudyFactory(parent=index, title=f"Extra {n:02}", area=f"Extra {n:02}")
    reindex()
    first = client.get("/case-studies/?format=json&sort=az").json()
    second = client.get("/case-studies/?format=json&sort=az&page=2").json()
    assert (first["count"], first["num_pages"], len(first["results"])) == (25, 2, 20)
    assert len(second["results"]) == 5
    assert not {r["id"] for r in first["results"]} & {
        r["id"] for r in second["results"]
    }
    past = client.get("/case-studies/?sort=az&page=9")
    assert past.status_code == 200
    assert "There is no page 9" in past.content.decode()


def test_bad_input_is_a_400_with_a_json_error(client, corpus, engine):
    for query in ["challenge=nope", "page=abc", "page=0", "sort=sideways"]:
        response = client.get(f"/case-studies/?format=json&{query}")
        assert response.status_code == 400, query
        assert response.json()["error"]["code"] == "bad_parameter", query
    assert client.get("/case-studies/?format=xml").status_code == 400


def test_unpublished_case_studies_are_never_returned(client, corpus, reindex, refresh):
    _, pages = corpus
    reindex()
    pages["a"].unpublish()
    refresh()
    assert "Alpha" not in _titles(client.get("/case-studies/?format=json"))
    pages["a"].save_revision().publish()
    refresh()
    assert "Alpha" in _titles(client.get("/case-studies/?format=json"))


def test_publishing_an_edit_and_deleting_update_the_index(
    client, corpus, reindex, refresh
):
    _, pages = corpus
    reindex()
    page = CaseStudyPage.objects.get(pk=pages["b"].pk)
    page.summary = "Now about quasars."
    page.save_revision().publish()
    refresh()
    assert _titles(client.get("/case-studies/?format=json&q=quasar")) == ["Bravo"]
    page.delete()
    refresh()
    assert _titles(client.get("/case-studies/?format=json")) == ["Alpha", "Charlie"]


def test_the_html_list_shows_counts_chips_and_a_feed_link(client, corpus, reindex):
    reindex()
    html = client.get("/case-studies/?challenge=engaging-gps").content.decode()
    assert 'Engaging hospitals <span class="ehch-facets__count">(2' in html
    assert "Challenges: Engaging GPs" in html
    assert "format=atom" in html


def test_the_atom_feed_lists_the_filtered_case_studies(client, corpus, reindex):
    reindex()
    response = client.get("/case-studies/?format=atom&challenge=engaging-gps")
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "<title>Alpha</title>" in body and "<title>Charlie</title>" in body
    assert "<title>Bravo</title>" not in body


def test_csv_export_follows_text_and_facets(client, corpus, reindex):
    reindex()
    response = client.get("/case-studies/?format=csv&challenge=engaging-gps&sort=az")
    rows = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert [row["Title"] for row in rows] == ["Alpha", "Charlie"]


@override_settings(
    ELASTICSEARCH_URL="http://127.0.0.1:1", SEARCH_ENGINE="elasticsearch"
)
def test_an_unreachable_elasticsearch_degrades_to_the_database_with_a_notice(
    client, corpus, caplog
):
    from search.rebuild import rebuild_database

    rebuild_database()
    response = client.get("/case-studies/?challenge=engaging-gps")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Search is running in a simpler mode" in html
    assert "Alpha" in html and "Charlie" in html
    assert any("Elasticsearch unavailable" in r.message for r in caplog.records)
    body = client.get("/case-studies/?format=json").json()
    assert body["degraded"] is True and body["count"] == 3
