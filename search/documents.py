"""What goes into the search index: one ``SearchDocument`` per public item.

Each content kind has a *source*: how to list every public item (for a
rebuild) and how to turn one object into a document. Nothing unpublished,
private, unapproved or deleted ever becomes a document.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from search.analysis import stemmed_text

KIND_LABELS: dict[str, str] = {
    "case_study": "Case studies",
    "guidance": "Guidance",
    "leadership": "Leadership resources",
    "forum_post": "Forum posts",
    "statement": "What good looks like",
    "page": "Other pages",
}
BODY_LIMIT = 20000  # characters kept for snippets; long posts are cut
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def plain_text(value: Any) -> str:
    """Flatten strings, lists, dicts and StreamField data into plain text."""
    parts: list[str] = []

    def walk(item: Any) -> None:
        if item is None:
            return
        if isinstance(item, str):
            parts.append(item)
        elif isinstance(item, dict):
            for key, sub in item.items():
                if key not in {"id", "type"}:
                    walk(sub)
        elif isinstance(item, list | tuple):
            for sub in item:
                walk(sub)
        elif hasattr(item, "raw_data"):
            walk(list(item.raw_data))
        else:
            parts.append(str(item))

    walk(value)
    text = html.unescape(_TAG.sub(" ", " ".join(parts)))
    return _SPACE.sub(" ", text).strip()


@dataclass
class SearchDocument:
    """A searchable item, ready for either engine."""

    key: str
    kind: str
    object_id: int
    title: str
    url: str
    summary: str = ""
    body: str = ""
    facts: str = ""
    audience: str = "public"
    published_at: datetime | None = None
    sort_title: str = ""
    facets: dict[str, list[str]] = field(default_factory=dict)
    display: dict[str, Any] = field(default_factory=dict)

    @property
    def stemmed_title(self) -> str:
        """The title's stemmed tokens."""
        return stemmed_text(self.title)

    @property
    def stemmed_facts(self) -> str:
        """Summary and facts, stemmed: they weigh more than body text."""
        return stemmed_text(f"{self.summary} {self.facts}")

    @property
    def stemmed_body(self) -> str:
        """The body's stemmed tokens."""
        return stemmed_text(self.body)


class Source:
    """How one kind of content becomes documents."""

    kind: str = ""

    def handles(self, obj: object) -> bool:
        """True when ``obj`` belongs to this source."""
        raise NotImplementedError

    def all_public(self) -> Iterable[object]:
        """Every object that should be searchable now."""
        raise NotImplementedError

    def is_public(self, obj: object) -> bool:
        """True when this object may be searched right now."""
        raise NotImplementedError

    def document(self, obj: object) -> SearchDocument:
        """Turn one public object into a document."""
        raise NotImplementedError

    def key_for(self, obj: object) -> str:
        """The index key of an object of this source."""
        return f"{self.kind}:{obj.pk}"

    def on_pages(self, page_ids: list[int]) -> Iterable[object]:
        """Objects whose visibility follows these pages', to re-check with them.

        For content shown under a page (a report on a case study): when the
        page is unpublished, moved or made private, these leave search too.
        """
        return ()


_SOURCES: list[Source] = []


def register(source: Source, label: str | None = None) -> Source:
    """Add a source; apps call this from their AppConfig.ready().

    ``label`` names the source's kind in the search page's "Show only" choices
    and counts, for a kind not built in.
    """
    if label:
        KIND_LABELS.setdefault(source.kind, label)
    if not any(type(existing) is type(source) for existing in _SOURCES):
        _SOURCES.append(source)
    return source


def sources() -> list[Source]:
    """Every registered source, with the built-in ones loaded."""
    from search import sources as _builtin  # noqa: F401 - registers on import

    return list(_SOURCES)


def source_for(obj: object) -> Source | None:
    """The source that handles ``obj``, if any."""
    return next((source for source in sources() if source.handles(obj)), None)


def on_pages(page_ids: list[int]) -> Iterator[tuple[Source, object]]:
    """Each object shown under these pages, with its source (``Source.on_pages``)."""
    for source in sources():
        for obj in source.on_pages(page_ids):
            yield source, obj


def all_documents() -> Iterator[SearchDocument]:
    """Every public document of every source (for a rebuild)."""
    for source in sources():
        for obj in source.all_public():
            yield source.document(obj)
