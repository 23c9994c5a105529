"""A real area's classifications say where they come from: stated in a source
or inferred by editors, on the page and in the CSV; sources say their kind."""

from __future__ import annotations

import csv
import io

import pytest

from tests.casestudies.factories import (
    ApproachFactory,
    CaseStudyFactory,
    add_source,
    build_site,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def nottingham():
    _, index = build_site()
    page = CaseStudyFactory(
        parent=index,
        title="Nottingham City",
        provenance="documented",
        approach_basis="inferred",
        terms={"approach": [ApproachFactory(slug="system-wide-strategic")]},
    )
    add_source(page, title="Impact of enhanced support", kind="evaluation")
    add_source(page, title="Pulse article", kind="press")
    return page


def test_the_page_marks_each_classification_and_each_source(client, nottingham):
    html = client.get(nottingham.url).content.decode()
    assert '<p class="nhsuk-body-s ehch-basis">Inferred by editors</p>' in html
    assert "Impact of enhanced support</a> – independent evaluation" in html
    assert "Pulse article</a> – news or trade press" in html
    # Nothing to mark where there are no terms.
    assert html.count("ehch-basis") == 1


def test_the_csv_gives_each_classifications_basis(client, nottingham):
    body = client.get("/case-studies/?format=csv").content.decode("utf-8-sig")
    (row,) = list(csv.DictReader(io.StringIO(body)))
    assert row["Starting approach: where it comes from"] == "Inferred by editors"
    assert row["Challenges: where it comes from"] == ""
