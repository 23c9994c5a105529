"""The one interface views call: pick the engine, fall back, label the facets."""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field

from django.conf import settings

from search import breaker
from search.database_engine import DatabaseEngine
from search.documents import KIND_LABELS
from search.elasticsearch_engine import ElasticsearchEngine
from search.highlight import snippet
from search.query import parse
from search.results import (
    CASE_STUDY_FACETS,
    EngineResult,
    Hit,
    SearchRequest,
    SearchUnavailable,
)
from search.synonyms import synonym_groups

logger = logging.getLogger(__name__)


def audiences_for(user) -> tuple[str, ...]:
    """Members-only content is for approved members, moderators and administrators.

    Pending and rejected accounts (and CMS-only editors) find what visitors
    find, as they read in the forum (``forum.structure``).
    """
    from ehch import roles

    if roles.is_approved_member(user):
        return ("public", "members")
    return ("public",)


@dataclass
class FacetValue:
    """One value of a facet as the filter panel shows it."""

    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchOutcome:
    """A page of results with everything the templates and JSON need."""

    hits: list[Hit]
    count: int
    page: int
    page_size: int
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    types: list[FacetValue] = field(default_factory=list)
    engine: str = "database"
    degraded: bool = False

    @property
    def num_pages(self) -> int:
        """How many pages the results fill (at least one)."""
        return max(1, math.ceil(self.count / self.page_size))

    # The parts of Django's Page that the pagination component reads.
    @property
    def number(self) -> int:
        """The current page number."""
        return self.page

    @property
    def paginator(self) -> SearchOutcome:
        """Itself: it knows ``num_pages`` and ``count`` as Django's Paginator does."""
        return self

    def has_other_pages(self) -> bool:
        """True when there is more than one page."""
        return self.num_pages > 1

    def has_previous(self) -> bool:
        """True when there is a page before this one."""
        return self.page > 1

    def has_next(self) -> bool:
        """True when there is a page after this one."""
        return self.page < self.num_pages

    def previous_page_number(self) -> int:
        """The number of the page before."""
        return self.page - 1

    def next_page_number(self) -> int:
        """The number of the page after."""
        return self.page + 1


def get_engine():
    """The engine chosen by settings: Elasticsearch when ELASTICSEARCH_URL is set."""
    if settings.SEARCH_ENGINE == "elasticsearch":
        return ElasticsearchEngine()
    return DatabaseEngine()


def run(request: SearchRequest) -> tuple[EngineResult, str, bool]:
    """Answer from the chosen engine, or from the database when Elasticsearch fails.

    While the circuit breaker is open (search/breaker.py) Elasticsearch is not
    asked at all, so a hung cluster costs each search nothing.
    """
    engine = get_engine()
    if engine.name == "elasticsearch" and breaker.is_open():
        return DatabaseEngine().search(request), "database", True
    try:
        result = engine.search(request)
    except SearchUnavailable as exc:
        logger.error("Elasticsearch unavailable, answering from the database: %s", exc)
        breaker.record_failure(str(exc)[:200])
        return DatabaseEngine().search(request), "database", True
    if engine.name == "elasticsearch":
        breaker.record_success()
    return result, engine.name, False


def _label_facets(
    result: EngineResult,
    request: SearchRequest,
    labels: dict[str, list[tuple[str, str]]],
) -> dict[str, list[FacetValue]]:
    facets = {}
    for facet in request.facets:
        counts = result.facet_counts.get(facet, {})
        chosen = set(request.selected.get(facet, []))
        known = labels.get(facet, [])
        values = [
            FacetValue(v, label, counts.get(v, 0), v in chosen) for v, label in known
        ]
        seen = {v for v, _ in known}
        # Values the vocabulary does not list (yet) still show, with their counts.
        values += [
            FacetValue(v, v, n, v in chosen)
            for v, n in sorted(counts.items())
            if v not in seen
        ]
        facets[facet] = values
    return facets


def search(
    request: SearchRequest, labels: dict[str, list[tuple[str, str]]] | None = None
) -> SearchOutcome:
    """Run a search and return labelled facets and highlighted hits."""
    result, engine, degraded = run(request)
    for hit in result.hits:
        hit.highlight = (
            snippet(hit.body or hit.summary, request.query) if request.query else ""
        )
    types = []
    if request.count_kinds:
        chosen = set(request.selected.get("type", []))
        types = [
            FacetValue(kind, label, result.kind_counts.get(kind, 0), kind in chosen)
            for kind, label in KIND_LABELS.items()
        ]
    return SearchOutcome(
        hits=result.hits,
        count=result.total,
        page=request.page,
        page_size=request.page_size,
        facets=_label_facets(result, request, labels or {}),
        types=types,
        engine=engine,
        degraded=degraded,
    )


def parse_text(text: str):
    """Parse reader text with the editors' synonyms."""
    return parse(text or "", synonym_groups())


def case_study_request(
    text: str,
    selected: dict[str, list[str]],
    sort: str,
    page: int,
    page_size: int = 20,
) -> SearchRequest:
    """Build the request behind /case-studies/."""
    query = parse_text(text)
    if sort == "relevance" and not query:
        sort = "newest"
    return SearchRequest(
        query=query,
        kinds=("case_study",),
        selected={f: v for f, v in selected.items() if f in CASE_STUDY_FACETS},
        facets=CASE_STUDY_FACETS,
        sort=sort,
        page=page,
        page_size=page_size,
    )


def site_request(
    text: str,
    types: list[str],
    page: int,
    audiences: tuple[str, ...],
    page_size: int = 20,
) -> SearchRequest:
    """Build the request behind /search/."""
    return SearchRequest(
        query=parse_text(text),
        selected={"type": types} if types else {},
        audiences=audiences,
        sort="relevance",
        page=page,
        page_size=page_size,
        count_kinds=True,
    )
