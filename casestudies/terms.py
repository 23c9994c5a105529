"""Every vocabulary term in one query, for filter panels, forms and chips."""

from __future__ import annotations

from typing import NamedTuple

from django.db.models import CharField, IntegerField, Value

from casestudies.models import VOCABULARIES


class TermInfo(NamedTuple):
    """The reader-facing parts of a term."""

    pk: int
    slug: str
    label: str
    definition: str


def all_terms() -> dict[str, list[TermInfo]]:
    """Return each vocabulary's terms, in editor order, from one UNION ALL query."""
    queries = [
        model.objects.annotate(
            facet=Value(facet, output_field=CharField()),
            position=Value(n, output_field=IntegerField()),
        )
        .values_list(
            "facet", "pk", "slug", "label", "definition", "sort_order", "position"
        )
        .order_by()
        for n, (facet, model) in enumerate(VOCABULARIES.items())
    ]
    combined = (
        queries[0]
        .union(*queries[1:], all=True)
        .order_by("position", "sort_order", "label")
    )
    grouped: dict[str, list[TermInfo]] = {facet: [] for facet in VOCABULARIES}
    for facet, pk, slug, label, definition, _order, _position in combined:
        grouped[facet].append(TermInfo(pk, slug, label, definition))
    return grouped
