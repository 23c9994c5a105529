"""Parsing a reader's words into clauses both engines understand.

A query becomes a list of *clauses*, all of which must match. Each clause is a
set of alternatives, any one of which may match; each alternative is a phrase
of stemmed tokens. Synonyms add alternatives: "GP" also matches "general
practitioner", "general practice" and "primary care".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from search.analysis import stems

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Clause:
    """One required part of a query and the phrases that satisfy it."""

    alternatives: tuple[Phrase, ...]

    @property
    def tokens(self) -> set[str]:
        """Every stemmed token of every alternative (for highlighting)."""
        return {token for phrase in self.alternatives for token in phrase}


@dataclass(frozen=True)
class ParsedQuery:
    """The reader's text and its clauses; empty when there was nothing to search."""

    text: str
    clauses: tuple[Clause, ...] = field(default_factory=tuple)

    def __bool__(self) -> bool:
        return bool(self.clauses)

    @property
    def tokens(self) -> set[str]:
        """Every token that may match, for highlighting."""
        return {token for clause in self.clauses for token in clause.tokens}


def _find(tokens: list[str], phrase: Phrase, start: int = 0) -> int:
    size = len(phrase)
    for i in range(start, len(tokens) - size + 1):
        if tuple(tokens[i : i + size]) == phrase:
            return i
    return -1


def parse(text: str, synonym_groups: list[list[Phrase]] | None = None) -> ParsedQuery:
    """Turn ``text`` into clauses, expanding any phrase found in a synonym group.

    Args:
        text: What the reader typed.
        synonym_groups: Groups of phrases (already stemmed) that mean the same.

    Returns:
        The parsed query; longer synonym phrases win over shorter ones.
    """
    tokens = stems(text)
    covered = [False] * len(tokens)
    clauses: list[tuple[int, Clause]] = []
    candidates = [
        (phrase, group)
        for group in (synonym_groups or [])
        for phrase in group
        if phrase
    ]
    candidates.sort(key=lambda item: -len(item[0]))
    for phrase, group in candidates:
        position = _find(tokens, phrase)
        while position >= 0:
            span = range(position, position + len(phrase))
            if not any(covered[i] for i in span):
                for i in span:
                    covered[i] = True
                alternatives = tuple(dict.fromkeys([phrase, *group]))
                clauses.append((position, Clause(alternatives)))
            position = _find(tokens, phrase, position + 1)
    for i, token in enumerate(tokens):
        if not covered[i]:
            clauses.append((i, Clause(((token,),))))
    clauses.sort(key=lambda item: item[0])
    unique = tuple(dict.fromkeys(clause for _, clause in clauses))
    return ParsedQuery(text=text.strip(), clauses=unique)
