"""The case-study JSON says, per classification, whether a source states it or
editors inferred it, on both search engines."""

from __future__ import annotations

import pytest

from tests.casestudies.factories import ApproachFactory, CaseStudyFactory, build_site

pytestmark = pytest.mark.django_db


def test_the_json_list_carries_each_classifications_basis(
    client, engine, reindex, refresh
):
    _, index = build_site()
    begun = ApproachFactory(slug="system-wide-strategic", label="Strategic")
    CaseStudyFactory(
        parent=index,
        title="Nottingham City",
        provenance="documented",
        approach_basis="inferred",
        terms={"approach": [begun]},
    )
    CaseStudyFactory(parent=index, title="Area A")
    reindex()
    refresh()
    results = {
        hit["title"]: hit
        for hit in client.get("/case-studies/?format=json").json()["results"]
    }
    assert results["Nottingham City"]["approach"] == ["system-wide-strategic"]
    assert results["Nottingham City"]["classification_basis"] == {
        "approach": "inferred"
    }
    assert results["Area A"]["classification_basis"] == {}
