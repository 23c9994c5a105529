"""Vocabulary terms in one query, for filter panels, forms, chips and fact boxes.

Each vocabulary is its own table (a ``Term`` subclass), so Django would spend
one query per vocabulary, and one per many-to-many relation when a page's terms
are prefetched. These helpers ask for all of them at once with UNION ALL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from django.db.models import IntegerField, Model, Value

from casestudies.models import VOCABULARIES
from casestudies.models.pages import MANY_TERM_RELATIONS
from casestudies.models.vocabulary import Term

_TERM_COLUMNS = ("id", "slug", "label", "definition", "authoritative", "sort_order")


class TermInfo(NamedTuple):
    """The reader-facing parts of a term."""

    pk: int
    slug: str
    label: str
    definition: str


def all_terms() -> dict[str, list[TermInfo]]:
    """Return each case-study vocabulary's terms, in editor order, in one query."""
    return {
        facet: [TermInfo(t.pk, t.slug, t.label, t.definition) for t in terms]
        for facet, terms in load_vocabularies(VOCABULARIES).items()
    }


def _union(queries: list):
    return queries[0].union(*queries[1:], all=True) if len(queries) > 1 else queries[0]


def load_vocabularies(
    vocabularies: Mapping[str, type[Term]],
) -> dict[str, list[Term]]:
    """Every term of each vocabulary, in editor order (sort order, label).

    Args:
        vocabularies: name -> ``Term`` subclass.

    Returns:
        name -> that vocabulary's terms, as model instances.
    """
    models = list(vocabularies.values())
    queries = [
        model.objects.annotate(position=Value(position, output_field=IntegerField()))
        .values_list("position", *_TERM_COLUMNS)
        .order_by()
        for position, model in enumerate(models)
    ]
    grouped: list[list[Term]] = [[] for _ in models]
    rows = _union(queries).order_by("position", "sort_order", "label")
    for position, *values in rows:
        grouped[position].append(models[position].from_db(None, _TERM_COLUMNS, values))
    return dict(zip(vocabularies, grouped, strict=True))


def prefetch_terms(
    pages: Sequence[Model], relations: Sequence[str] = MANY_TERM_RELATIONS
) -> None:
    """Load the pages' many-valued term relations from one UNION ALL query.

    ``prefetch_related`` costs one query per relation (a case study's fact box
    shows four). The result is stored where ``prefetch_related`` would store
    it, so ``page.approach.all()`` reads it without a query. ``pages`` must all
    be of one model; unsaved ones are left alone.
    """
    saved = [page for page in pages if page.pk]
    if not saved or not relations:
        return
    ids = [page.pk for page in saved]
    fields = [type(saved[0])._meta.get_field(name) for name in relations]
    queries = []
    for position, field in enumerate(fields):
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        queries.append(
            field.remote_field.through.objects.filter(**{f"{source}_id__in": ids})
            .annotate(position=Value(position, output_field=IntegerField()))
            .values_list(
                "position",
                f"{source}_id",
                *(f"{target}__{column}" for column in _TERM_COLUMNS),
            )
            .order_by()
        )
    # Each vocabulary's own order, as prefetch_related would give it.
    first = fields[0].m2m_reverse_field_name()
    rows = _union(queries).order_by(
        "position", f"{first}__sort_order", f"{first}__label"
    )
    grouped: dict[tuple[int, int], list] = {}
    for position, page_id, *values in rows:
        term = fields[position].related_model.from_db(None, _TERM_COLUMNS, values)
        grouped.setdefault((page_id, position), []).append(term)
    for page in saved:
        cache = page.__dict__.setdefault("_prefetched_objects_cache", {})
        for position, field in enumerate(fields):
            cached = field.related_model.objects.all()
            cached._result_cache = grouped.get((page.pk, position), [])
            cached._prefetch_done = True
            cache[field.name] = cached
