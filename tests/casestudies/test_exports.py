"""The case-study CSV opens cleanly in a spreadsheet and holds only what visitors see.

Issue 16 item 7: a UTF-8 byte-order mark (Excel on Windows), headers and
vocabulary labels people read, a stable id and a last-updated date per row,
numbers as numbers, formulas defused, and exactly the live public case studies.
"""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from casestudies.models import CaseStudyPage
from tests.casestudies.factories import (
    ApproachFactory,
    CaseStudyFactory,
    ChallengeFactory,
    RegionFactory,
    ResourcingFactory,
    build_site,
)
from tests.members.factories import approved_member

pytestmark = pytest.mark.django_db

HEADERS = [
    "Case study ID",
    "Title",
    "Web address",
    "Area",
    "Where the content comes from",
    "Region",
    "Lead organisation",
    "Lead organisation type",
    "Vanguard",
    "Year started",
    "Starting approach",
    "Starting approach: where it comes from",
    "How homes were brought in",
    "How homes were brought in: where it comes from",
    "Resourcing",
    "Resourcing: where it comes from",
    "Challenges",
    "Challenges: where it comes from",
    "Framework care elements",
    "Framework care elements: where it comes from",
    "Residents and families helped define success",
    "Last updated",
]


@pytest.fixture
def index():
    return build_site()[1]


@pytest.fixture
def described(index):
    """One case study with a value in every vocabulary the CSV shows."""
    return CaseStudyFactory(
        parent=index,
        title="Somerset",
        area="Somerset",
        provenance="illustrative",
        year_started=2016,
        region=RegionFactory(slug="south-west", label="South West"),
        resourcing=ResourcingFactory(slug="modest", label="Modest extra funding"),
        terms={
            "approach": [
                ApproachFactory(slug="bottom-up", label="Bottom-up"),
                ApproachFactory(slug="system-wide", label="System-wide strategy"),
            ],
            "challenges": [ChallengeFactory(slug="engaging-gps", label="Engaging GPs")],
        },
    )


def _csv(client, query="") -> tuple[bytes, list[dict[str, str]]]:
    response = client.get("/case-studies/?format=csv" + query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = response.content
    return raw, list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_the_csv_starts_with_a_byte_order_mark_and_headers_people_read(
    client, described
):
    raw, _ = _csv(client)
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel on Windows then reads UTF-8
    header = next(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert header == HEADERS


def test_each_row_carries_its_page_id_labels_and_last_updated_date(client, described):
    _, rows = _csv(client)
    page = CaseStudyPage.objects.get(pk=described.pk)
    assert rows == [
        {
            **rows[0],
            "Case study ID": str(page.pk),
            "Title": "Somerset",
            "Where the content comes from": "Illustrative composite: not a real area",
            "Region": "South West",
            "Year started": "2016",
            "Starting approach": "Bottom-up; System-wide strategy",
            "Resourcing": "Modest extra funding",
            "Challenges": "Engaging GPs",
            "Vanguard": page.get_vanguard_display(),
            "Last updated": page.last_published_at.date().isoformat(),
        }
    ]
    assert "south-west" not in rows[0].values() and "bottom-up" not in str(rows)


def test_the_web_address_is_absolute_on_site_url(client, described, settings):
    settings.SITE_URL = "https://network.example.org"
    _, rows = _csv(client)
    assert rows[0]["Web address"] == (
        f"https://network.example.org/case-studies/{described.slug}/"
    )


def test_numbers_are_written_as_numbers_not_quoted_text(client, described, index):
    CaseStudyFactory(parent=index, title="Year unknown", year_started=None)
    raw, rows = _csv(client, "&sort=az")
    lines = raw.decode("utf-8-sig").splitlines()
    # The id opens each row bare, and the year sits unquoted between commas.
    assert lines[1].startswith(f"{described.pk},Somerset,")
    assert ",2016," in lines[1] and '"2016"' not in lines[1]
    assert [row["Year started"] for row in rows] == ["2016", ""]


def test_text_a_spreadsheet_would_run_as_a_formula_is_defused(client, index):
    CaseStudyFactory(
        parent=index,
        title='=HYPERLINK("http://evil.example")',
        area="+cmd|' /C calc'!A0",
        lead_organisation="@SUM(1+1)",
        year_started=2015,
    )
    _, rows = _csv(client)
    assert rows[0]["Title"] == '\'=HYPERLINK("http://evil.example")'
    assert rows[0]["Area"] == "'+cmd|' /C calc'!A0"
    assert rows[0]["Lead organisation"] == "'@SUM(1+1)"
    assert rows[0]["Year started"] == "2015"  # numbers are left alone


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_csv_holds_exactly_the_case_studies_the_reader_can_see(
    client, index, signed_in
):
    shown = CaseStudyFactory(parent=index, title="Open area")
    never_published = CaseStudyFactory(parent=index, title="Draft area")
    never_published.unpublish()
    restricted = CaseStudyFactory(parent=index, title="Members area")
    PageViewRestriction.objects.create(page=restricted, restriction_type="login")
    edited = CaseStudyFactory(parent=index, title="Edited area", area="Published")
    edited.title, edited.area = "Unpublished new title", "Unpublished new area"
    edited.save_revision()  # a draft: only the published version may leave
    if signed_in:
        client.force_login(approved_member())
    raw, rows = _csv(client)
    text = raw.decode("utf-8-sig")
    listed = {int(row["Case study ID"]) for row in rows}
    assert listed == {shown.pk, edited.pk}
    assert "Unpublished new" not in text
    assert "Draft area" not in text and "Members area" not in text
    # The CSV and the JSON list name the same case studies.
    as_json = client.get("/case-studies/?format=json").json()
    assert {hit["id"] for hit in as_json["results"]} == listed


def test_the_csv_costs_the_same_queries_for_few_and_many_case_studies(client, index):
    def queries_for_export() -> int:
        with CaptureQueriesContext(connection) as captured:
            _csv(client)
        return len(captured)

    gps = ChallengeFactory(slug="engaging-gps", label="Engaging GPs")
    region = RegionFactory(slug="london", label="London")
    for _n in range(2):
        CaseStudyFactory(parent=index, region=region, terms={"challenges": [gps]})
    queries_for_export()  # warms the caches the first request fills
    few = queries_for_export()
    for _n in range(6):
        CaseStudyFactory(parent=index, region=region, terms={"challenges": [gps]})
    assert queries_for_export() == few


def test_a_bad_parameter_on_the_csv_gets_the_json_error_body(client, described):
    response = client.get("/case-studies/?format=csv&challenge=nope")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert (error["code"], error["parameter"]) == ("bad_parameter", "challenge")
    assert "nope" in error["message"]
