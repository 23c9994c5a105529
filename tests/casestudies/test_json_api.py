"""The JSON doors: absolute links, next/previous, provenance, one error body.

A program reading the case-study list or the site search follows ``next``
until it is null, cites ``meta``, and gets the same error body for every bad
parameter on every endpoint (issue 16 item 7). The fuzz below sends each
parameter each kind of bad value, non-ASCII digits included.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from django.conf import settings

from casestudies.filters import PAGE_SIZE
from casestudies.models.vocabulary import VOCABULARIES
from tests.casestudies.factories import CaseStudyFactory, build_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def index():
    return build_site()[1]


def _path(url: str) -> str:
    assert url.startswith(settings.SITE_URL + "/"), url
    return url[len(settings.SITE_URL) :]


def test_a_program_can_page_through_the_list_by_following_next(client, index):
    for number in range(PAGE_SIZE + 3):
        CaseStudyFactory(parent=index, title=f"Area {number:02d}", area="Somewhere")
    first = client.get("/case-studies/?format=json&sort=az")
    assert first.status_code == 200
    body = first.json()
    assert body["previous"] is None and body["page"] == 1 and body["num_pages"] == 2
    assert len(body["results"]) == PAGE_SIZE
    second = client.get(_path(body["next"]))
    assert "format=json" in body["next"] and "sort=az" in body["next"]
    page_two = second.json()
    assert page_two["page"] == 2 and page_two["next"] is None
    assert len(page_two["results"]) == 3
    assert (
        client.get(_path(page_two["previous"])).json()["results"] == (body["results"])
    )
    titles = [r["title"] for r in body["results"] + page_two["results"]]
    assert len(set(titles)) == PAGE_SIZE + 3  # every case study once, none twice
    for result in body["results"]:
        assert result["url"].startswith(settings.SITE_URL + "/case-studies/")


def test_the_meta_block_says_where_it_came_from_and_how_to_cite_it(client, index):
    CaseStudyFactory(parent=index, title="Somerset", area="Somerset")
    meta = client.get("/case-studies/?format=json&q=somerset").json()["meta"]
    assert meta["source_url"] == settings.SITE_URL + "/"
    assert _path(meta["url"]).startswith("/case-studies/?")
    assert "q=somerset" in meta["url"] and "page=" not in meta["url"]
    assert meta["count"] == 1
    assert meta["filters"]["q"] == "somerset"
    assert datetime.fromisoformat(meta["generated_at"]).tzinfo is not None
    assert meta["url"] in meta["how_to_cite"]


BAD_VALUES = ["²", "٣", "0", "-1", "abc", "9" * 30, "1e3", "\x00", "nope"]
CASE_STUDY_PARAMETERS = ["page", "sort", *sorted(VOCABULARIES), "provenance"]


def _assert_error_body(response, parameter: str) -> None:
    assert response.status_code == 400, response.content[:300]
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"code", "parameter", "message"}
    assert error["code"] == "bad_parameter"
    assert error["parameter"] == parameter
    assert error["message"].strip()


@pytest.mark.parametrize("export", ["json", "csv"])
@pytest.mark.parametrize("parameter", CASE_STUDY_PARAMETERS)
def test_every_bad_case_study_parameter_gets_the_one_error_body(
    client, index, export, parameter
):
    for value in BAD_VALUES:
        if parameter == "page" and value == "nope":
            continue  # covered by "abc"
        response = client.get("/case-studies/", {"format": export, parameter: value})
        _assert_error_body(response, parameter)


@pytest.mark.parametrize("parameter", ["page", "type"])
def test_every_bad_search_parameter_gets_the_one_error_body(client, index, parameter):
    for value in BAD_VALUES:
        response = client.get(
            "/search/", {"format": "json", "q": "care", parameter: value}
        )
        _assert_error_body(response, parameter)


@pytest.mark.parametrize("path", ["/case-studies/", "/search/"])
@pytest.mark.parametrize("value", ["xml", "²", "JSON", "\x00"])
def test_an_unknown_format_gets_the_one_error_body(client, index, path, value):
    _assert_error_body(client.get(path, {"format": value, "q": "care"}), "format")


@pytest.mark.parametrize("path", ["/case-studies/", "/search/"])
def test_too_many_search_words_get_the_one_error_body(client, index, path):
    response = client.get(path, {"format": "json", "q": "care " * 60})
    _assert_error_body(response, "q")


@pytest.mark.parametrize(
    "path", ["/case-studies/?format=json", "/search/?format=json&q=care"]
)
def test_a_page_past_the_end_is_an_error_not_another_page(client, index, path):
    CaseStudyFactory(parent=index, title="Somerset", area="Somerset")
    _assert_error_body(client.get(path + "&page=99"), "page")
