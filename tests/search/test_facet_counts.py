"""PostgreSQL's one-pass facet counts (search/facet_counts.py) match the one-query form.

Random entries with random facet rows (some with none of a facet, some with
several values of one), then every kind of selection: none, one facet, one
facet with two values, several facets, a facet that is chosen but not counted,
with and without text, and a kind filter.
"""

from __future__ import annotations

import itertools
import random

import pytest

from search.analysis import stems
from search.database_engine import DatabaseEngine
from search.models import IndexEntry, IndexFacet
from search.query import parse
from search.results import SearchRequest

pytestmark = pytest.mark.django_db

FACETS = {"approach": 4, "resourcing": 3, "challenge": 6, "region": 5}
WORDS = ["falls", "medicines", "dementia", "round", "discharge", "hydration"]


@pytest.fixture
def index():
    rnd = random.Random(19)
    entries = IndexEntry.objects.bulk_create(
        IndexEntry(
            key=f"e:{n}",
            kind=rnd.choice(["case_study", "case_study", "guidance"]),
            object_id=n,
            title=f"Entry {n}",
            url=f"/e/{n}/",
            audience=rnd.choice(["public", "public", "members"]),
            deleted=rnd.random() < 0.05,
        )
        for n in range(240)
    )
    rows = []
    for entry in entries:
        for facet, size in FACETS.items():
            how_many = rnd.choice([0, 1, 1, 1, 2])
            for value in rnd.sample(range(size), how_many):
                rows.append(
                    IndexFacet(entry=entry, facet=facet, value=f"{facet}-{value}")
                )
    IndexFacet.objects.bulk_create(rows)
    from django.db import connection

    with connection.cursor() as cursor:
        for entry in entries:
            cursor.execute(
                "UPDATE search_indexentry SET search_vector = to_tsvector('simple', %s)"
                " WHERE id = %s",
                [" ".join(stems(" ".join(rnd.sample(WORDS, 2)))), entry.pk],
            )


SELECTIONS = [
    {},
    {"approach": ["approach-1"]},
    {"approach": ["approach-1", "approach-2"]},
    {"approach": ["approach-0"], "resourcing": ["resourcing-2"]},
    {
        "approach": ["approach-3"],
        "resourcing": ["resourcing-1"],
        "challenge": ["challenge-4"],
    },
    {"region": ["region-2"]},  # chosen, and not among the facets counted below
    {"approach": ["no-such-value"]},
    {"type": ["guidance"], "challenge": ["challenge-0"]},
]


def test_the_one_pass_counts_equal_the_one_query_counts(index):
    engine = DatabaseEngine()
    compared = nonzero = 0
    for text, selected, facets in itertools.product(
        ["", "falls", "falls OR round"],
        SELECTIONS,
        [("approach", "resourcing", "challenge"), tuple(FACETS), ("type", "approach")],
    ):
        request = SearchRequest(
            query=parse(text),
            kinds=("case_study", "guidance"),
            selected=selected,
            facets=facets,
            audiences=("public",),
        )
        base = engine._text_filtered(request)
        counted = [f for f in facets if f != "type"]
        expected = engine.counts_in_one_query(base, request, counted)
        assert engine._facet_counts(base, request) == expected, (text, selected)
        compared += 1
        nonzero += any(expected.values())
    assert compared == 72
    assert nonzero > 40  # the comparison is not between empty answers
