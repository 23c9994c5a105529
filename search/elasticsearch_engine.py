"""The Elasticsearch engine, with elasticsearch-dsl's FacetedSearch semantics.

FacetedSearch puts the facet selections in a ``post_filter`` and computes each
facet's counts with every other facet's selection applied, which is exactly
the behaviour the list promises: OR within a facet, AND across facets.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.dateparse import parse_datetime
from elasticsearch.dsl import FacetedSearch, Q, Search, TermsFacet
from elasticsearch.dsl.faceted_search import FacetedResponse

from search.client import get_client
from search.es_index import ES_ERRORS, alias_name
from search.query import ParsedQuery
from search.results import EngineResult, Hit, SearchRequest, SearchUnavailable

TEXT_FIELDS = ["stemmed_title^3", "stemmed_facts^2", "stemmed_body"]
MAX_WINDOW = 10000  # Elasticsearch's default max_result_window


def text_query(query: ParsedQuery) -> Q:
    """Every clause must match, any alternative of a clause may; phrases stay whole."""
    musts = []
    for clause in query.clauses:
        shoulds = [
            Q("multi_match", query=" ".join(phrase), fields=TEXT_FIELDS, type="phrase")
            for phrase in clause.alternatives
        ]
        musts.append(Q("bool", should=shoulds, minimum_should_match=1))
    return Q("bool", must=musts)


def _faceted_search(request: SearchRequest) -> FacetedSearch:
    facet_fields = {f: ("kind" if f == "type" else f) for f in request.facets}
    if request.count_kinds:
        facet_fields.setdefault("type", "kind")

    class _Search(FacetedSearch):
        index = alias_name()
        facets = {
            name: TermsFacet(field=field, size=500)
            for name, field in facet_fields.items()
        }

        def search(self) -> Search:
            # Readers wait a short time; indexing keeps ELASTICSEARCH_TIMEOUT.
            client = get_client().options(
                request_timeout=settings.ELASTICSEARCH_SEARCH_TIMEOUT
            )
            search = Search(using=client, index=self.index)
            search = search.response_class(FacetedResponse).filter(
                "terms", audience=list(request.audiences)
            )
            if request.kinds:
                search = search.filter("terms", kind=list(request.kinds))
            return search.extra(track_total_hits=True)

        def query(self, search: Search, query: Any) -> Search:
            return search.query(text_query(request.query)) if request.query else search

    if request.sort == "az":
        sort = ["sort_title", "object_id"]
    elif request.sort == "relevance" and request.query:
        sort = ["_score", {"published_at": {"order": "desc", "missing": "_last"}}]
    else:
        sort = [{"published_at": {"order": "desc", "missing": "_last"}}, "-object_id"]
    selected = {f: v for f, v in request.selected.items() if f in facet_fields and v}
    # FacetedSearch only calls query() when it is given some query text.
    return _Search(query=request.query.text or None, filters=selected, sort=sort)


class ElasticsearchEngine:
    """Search the Elasticsearch alias; raise SearchUnavailable when it cannot."""

    name = "elasticsearch"

    def search(self, request: SearchRequest) -> EngineResult:
        """Answer ``request`` from Elasticsearch."""
        if get_client() is None:
            raise SearchUnavailable("ELASTICSEARCH_URL is not set")
        faceted = _faceted_search(request)
        start = (request.page - 1) * request.page_size
        end = min(start + request.page_size, MAX_WINDOW)
        try:
            response = faceted[start:end].execute()
        except ES_ERRORS as exc:
            raise SearchUnavailable(str(exc)) from exc
        hits = []
        for hit in response.hits:
            source = hit.to_dict()
            hits.append(
                Hit(
                    key=source["key"],
                    kind=source["kind"],
                    object_id=source["object_id"],
                    title=source["title"],
                    url=source["url"],
                    summary=source.get("summary", ""),
                    body=source.get("body", ""),
                    display=source.get("display") or {},
                    published_at=parse_datetime(source["published_at"])
                    if source.get("published_at")
                    else None,
                    facets={
                        f: list(source.get(f) or [])
                        for f in request.facets
                        if f != "type" and source.get(f)
                    },
                )
            )
        facet_counts = {
            name: {value: count for value, count, _selected in response.facets[name]}
            for name in request.facets
            if name != "type"
        }
        kind_counts = (
            {value: count for value, count, _ in response.facets["type"]}
            if request.count_kinds
            else {}
        )
        return EngineResult(
            hits=hits,
            total=response.hits.total.value,
            facet_counts=facet_counts,
            kind_counts=kind_counts,
        )
