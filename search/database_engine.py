"""The database search engine: PostgreSQL full-text search, or a SQLite fallback.

It reads ``IndexEntry``/``IndexFacet``, which the indexer keeps up to date
whichever engine is active, so it can also stand in when Elasticsearch fails.
"""

from __future__ import annotations

from functools import reduce
from operator import and_, or_

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    FloatField,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)

from search import facet_counts
from search.models import IndexEntry, IndexFacet
from search.query import ParsedQuery
from search.results import EngineResult, Hit, SearchRequest

TYPE_FACET = "type"  # the content kind, offered as a facet on site-wide search


def tsquery(query: ParsedQuery) -> str:
    """``to_tsquery`` text: clauses AND-ed, alternatives OR-ed, phrases <->."""
    clauses = []
    for clause in query.clauses:
        alternatives = [" <-> ".join(phrase) for phrase in clause.alternatives]
        clauses.append("(" + " | ".join(f"({alt})" for alt in alternatives) + ")")
    return " & ".join(clauses)


class DatabaseEngine:
    """Search over the database index with the same semantics as Elasticsearch."""

    name = "database"

    def _text_filtered(self, request: SearchRequest) -> QuerySet[IndexEntry]:
        entries = IndexEntry.objects.filter(
            deleted=False, audience__in=request.audiences
        )
        if request.kinds:
            entries = entries.filter(kind__in=request.kinds)
        if not request.query:
            return entries
        if connection.vendor == "postgresql":
            search_query = SearchQuery(
                tsquery(request.query), search_type="raw", config="simple"
            )
            return entries.filter(search_vector=search_query).annotate(
                rank=SearchRank(F("search_vector"), search_query)
            )
        # SQLite: whole stemmed tokens inside the padded text.
        clauses = [
            reduce(
                or_,
                [Q(stemmed_all__contains=f" {' '.join(p)} ") for p in c.alternatives],
            )
            for c in request.query.clauses
        ]
        # A rough rank: matches in the title first.
        in_title = reduce(
            or_,
            [
                Q(stemmed_title__contains=" ".join(p))
                for c in request.query.clauses
                for p in c.alternatives
            ],
        )
        return entries.filter(reduce(and_, clauses)).annotate(
            rank=Case(
                When(in_title, then=Value(1.0)),
                default=Value(0.0),
                output_field=FloatField(),
            )
        )

    @staticmethod
    def _apply(
        entries: QuerySet[IndexEntry], selected: dict[str, list[str]], skip: str = ""
    ):
        for facet, values in selected.items():
            if facet == skip or not values:
                continue
            if facet == TYPE_FACET:
                entries = entries.filter(kind__in=values)
            else:
                rows = IndexFacet.objects.filter(facet=facet, value__in=values)
                entries = entries.filter(pk__in=rows.values("entry_id"))
        return entries

    def _facet_counts(self, base, request: SearchRequest) -> dict[str, dict[str, int]]:
        """Count every facet value with every *other* facet's selection applied.

        One query: a facet row counts when its entry passes all selections except
        the one on the row's own facet.
        """
        facets = [f for f in request.facets if f != TYPE_FACET]
        counts: dict[str, dict[str, int]] = {f: {} for f in facets}
        if not facets:
            return counts
        if connection.vendor == "postgresql":
            kinds = {TYPE_FACET: request.selected.get(TYPE_FACET, [])}
            chosen = {f: v for f, v in request.selected.items() if f != TYPE_FACET}
            return facet_counts.count(self._apply(base, kinds), facets, chosen)
        return self.counts_in_one_query(base, request, facets)

    def counts_in_one_query(
        self, base, request: SearchRequest, facets: list[str]
    ) -> dict[str, dict[str, int]]:
        """The counts as one Django query (SQLite; PostgreSQL's reference)."""
        counts: dict[str, dict[str, int]] = {f: {} for f in facets}
        condition = reduce(
            or_,
            [
                Q(
                    facet=f,
                    entry_id__in=self._apply(base, request.selected, skip=f).values(
                        "pk"
                    ),
                )
                for f in facets
            ],
        )
        rows = (
            IndexFacet.objects.filter(condition)
            .values("facet", "value")
            .annotate(n=Count("entry_id"))
            .order_by()
        )
        for row in rows:
            counts[row["facet"]][row["value"]] = row["n"]
        return counts

    def _kind_counts(self, base, request: SearchRequest) -> dict[str, int]:
        others = self._apply(base, request.selected, skip=TYPE_FACET)
        return dict(others.values_list("kind").annotate(n=Count("pk")).order_by())

    def search(self, request: SearchRequest) -> EngineResult:
        """Answer ``request`` from the database index."""
        base = self._text_filtered(request)
        results = self._apply(base, request.selected)
        if request.sort == "az":
            order = ["sort_title", "pk"]
        elif request.sort == "relevance" and request.query:
            order = ["-rank", F("published_at").desc(nulls_last=True), "-pk"]
        else:
            order = [F("published_at").desc(nulls_last=True), "-pk"]
        start = (request.page - 1) * request.page_size
        # The total rides along on every row (COUNT(*) OVER ()): one query, not
        # two. Only a page past the end, which has no rows, needs its own count.
        page = list(
            results.annotate(full_count=Window(Count("pk")))
            .order_by(*order)
            .values(
                "full_count",
                "pk",
                "key",
                "kind",
                "object_id",
                "title",
                "url",
                "summary",
                "body",
                "display",
                "published_at",
            )[start : start + request.page_size]
        )
        # Nothing on this page: count only when it is not the first.
        total = page[0]["full_count"] if page else results.count() if start else 0
        facets_by_entry: dict[int, dict[str, list[str]]] = {
            row["pk"]: {} for row in page
        }
        if page:
            for entry_id, facet, value in IndexFacet.objects.filter(
                entry_id__in=list(facets_by_entry)
            ).values_list("entry_id", "facet", "value"):
                facets_by_entry[entry_id].setdefault(facet, []).append(value)
        hits = [
            Hit(
                key=row["key"],
                kind=row["kind"],
                object_id=row["object_id"],
                title=row["title"],
                url=row["url"],
                summary=row["summary"],
                body=row["body"],
                display=row["display"] or {},
                facets=facets_by_entry[row["pk"]],
                published_at=row["published_at"],
            )
            for row in page
        ]
        return EngineResult(
            hits=hits,
            total=total,
            facet_counts=self._facet_counts(base, request),
            kind_counts=self._kind_counts(base, request) if request.count_kinds else {},
        )
