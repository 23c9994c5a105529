"""What a search asks for and what it answers, the same for both engines."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from search.query import ParsedQuery

CASE_STUDY_FACETS = (
    "approach",
    "rollout",
    "resourcing",
    "challenge",
    "region",
    "lead",
    "element",
    "provenance",
)


@dataclass(frozen=True)
class SearchRequest:
    """A validated search: text, kinds, facet selections, sort and page."""

    query: ParsedQuery
    kinds: tuple[str, ...] = ()
    selected: dict[str, list[str]] = field(default_factory=dict)
    facets: tuple[str, ...] = ()
    audiences: tuple[str, ...] = ("public",)
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    count_kinds: bool = False


@dataclass
class Hit:
    """One result, with what a list needs to show it."""

    key: str
    kind: str
    object_id: int
    title: str
    url: str
    summary: str
    body: str
    display: dict[str, Any]
    facets: dict[str, list[str]] = field(default_factory=dict)
    highlight: str = ""
    published_at: datetime | None = None


@dataclass
class EngineResult:
    """An engine's raw answer: the page of hits, the total and the counts."""

    hits: list[Hit]
    total: int
    facet_counts: dict[str, dict[str, int]] = field(default_factory=dict)
    kind_counts: dict[str, int] = field(default_factory=dict)


class SearchUnavailable(Exception):
    """The engine could not answer; the caller falls back to the database."""
