"""Highlighted snippets, computed the same way for both engines."""

from __future__ import annotations

import re

from django.utils.html import escape

from search.analysis import fold, stem
from search.query import ParsedQuery

_TOKEN = re.compile(r"\w+(?:&\w+)?", re.UNICODE)
SNIPPET_WORDS = 30


def _matched_positions(stems: list[str], query: ParsedQuery) -> set[int]:
    """Positions of words that belong to a whole matching phrase of the query."""
    marked: set[int] = set()
    phrases = {phrase for clause in query.clauses for phrase in clause.alternatives}
    for phrase in phrases:
        size = len(phrase)
        for i in range(len(stems) - size + 1):
            if tuple(stems[i : i + size]) == phrase:
                marked.update(range(i, i + size))
    return marked


def snippet(text: str, query: ParsedQuery, words: int = SNIPPET_WORDS) -> str:
    """Return an HTML-escaped snippet of ``text`` with matching words in <mark>.

    A multi-word synonym ("primary care") is marked only where the whole phrase
    appears. The snippet starts a few words before the first match; with no
    match it is the start of the text. Only our own <mark> tags are markup.
    """
    matches = list(_TOKEN.finditer(text))
    if not matches:
        return ""
    stems = [stem(fold(m.group()).replace("&", "")) for m in matches]
    hits = sorted(_matched_positions(stems, query)) if query else []
    first = max((hits[0] - 5) if hits else 0, 0)
    last = min(first + words, len(matches))
    start, end = matches[first].start(), matches[last - 1].end()
    out, cursor = [], start
    for i in range(first, last):
        m = matches[i]
        out.append(escape(text[cursor : m.start()]))
        word = escape(m.group())
        out.append(f"<mark>{word}</mark>" if i in hits else word)
        cursor = m.end()
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text.rstrip()) else ""
    return prefix + "".join(out) + suffix
