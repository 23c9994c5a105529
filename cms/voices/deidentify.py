"""A helper for moderators: highlight words in a shared view that may identify someone.

It only *suggests*. A moderator reads every view and decides what to edit out;
these simple patterns miss some names and flag some harmless words. They look
for titles with names (``Mrs Patel``), care homes (``Rosebank House``,
``Elm Tree Nursing Home``), dates and day names, and capitalised words that
do not start a sentence (often names of people or places).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PERSON = "person"
HOME = "care home"
PLACE = "place"
DATE = "date"
NAME = "name"

_WORD = r"[A-Z][a-z][\w'’-]*"
_TITLES = r"(?:Mrs|Mr|Ms|Miss|Mx|Dr|Prof|Nurse|Sister|Father|Rev|Sir|Dame|Lady|Lord)"
_HOME_WORDS = (
    r"(?:Care\s+Home|Nursing\s+Home|Residential\s+Home|House|Lodge|Court|Manor|"
    r"Hall|Grange|Gardens|View|Park)"
)
_MONTHS = (
    r"(?:January|February|March|April|June|July|August|September|October|"
    r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
)
_ANY_MONTH = rf"(?:{_MONTHS}|May)"
_DAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_ORDINAL = r"\d{1,2}(?:st|nd|rd|th)?"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (HOME, re.compile(rf"\b(?:(?:St\.?\s+)?{_WORD}\s+){{1,4}}?{_HOME_WORDS}\b")),
    (PERSON, re.compile(rf"\b{_TITLES}\.?\s+{_WORD}(?:\s+{_WORD})?")),
    (
        DATE,
        re.compile(
            rf"\b(?:{_ORDINAL}\s+(?:of\s+)?{_ANY_MONTH}(?:\s+\d{{4}})?"
            rf"|{_ANY_MONTH}\s+{_ORDINAL}(?:,?\s+\d{{4}})?"
            rf"|\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}"
            rf"|{_DAY}s?|{_MONTHS}(?:\s+\d{{4}})?)\b"
        ),
    ),
]
_CAPITALISED = re.compile(rf"\b{_WORD}(?:\s+{_WORD})*")

# Capitalised words that are almost never identifying.
_COMMON = {
    "I'm", "I've", "I'd", "I'll", "Mum", "Mums", "Dad", "Dads", "Nan", "Nana",
    "Gran", "Granny", "Grandad", "Grandma", "Grandpa", "God", "Christmas",
    "Easter", "English", "British", "Sunday", "Monday", "Tuesday", "Wednesday",
    "Thursday", "Friday", "Saturday", "Doctor", "Nurse", "Home", "Care",
}  # fmt: skip
_STARTERS = {
    "The", "A", "An", "My", "Our", "Their", "His", "Her", "When", "We", "They",
    "He", "She", "It", "This", "That", "If", "But", "And", "So", "Then", "On",
    "In", "At", "Every", "Some", "All", "Most", "Staff", "Please", "Being",
}  # fmt: skip
_PLACE_WORDS = {"in", "at", "from", "near", "to", "into", "around"}


@dataclass(frozen=True)
class Flag:
    """A stretch of text that may identify someone."""

    start: int
    end: int
    kind: str
    text: str


def _at_sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t\"'“‘(")
    return not before or before[-1] in ".!?\n"


def _capitalised_flags(text: str) -> list[Flag]:
    flags = []
    for match in _CAPITALISED.finditer(text):
        words = [(m.start(), m.group()) for m in re.finditer(r"\S+", match.group())]
        if _at_sentence_start(text, match.start()) and (
            len(words) == 1 or words[0][1] in _STARTERS
        ):
            # A sentence's first word is capitalised anyway; but "Mary Smith
            # came" still flags both words.
            words = words[1:]
        words = [(offset, word) for offset, word in words if word not in _COMMON]
        if not words:
            continue
        start = match.start() + words[0][0]
        end = match.start() + words[-1][0] + len(words[-1][1])
        previous = text[:start].split()[-1:] or [""]
        kind = PLACE if previous[0].lower() in _PLACE_WORDS else NAME
        if re.fullmatch(_ANY_MONTH, text[start:end]):
            kind = DATE
        flags.append(Flag(start, end, kind, text[start:end]))
    return flags


def find_flags(text: str) -> list[Flag]:
    """Return the likely identifying stretches of ``text``, in order, not overlapping.

    Care homes win over titles, titles over dates, and all of those over plain
    capitalised words, when two patterns cover the same words.
    """
    candidates = [
        Flag(m.start(), m.end(), kind, m.group())
        for kind, pattern in _PATTERNS
        for m in pattern.finditer(text)
    ]
    candidates += _capitalised_flags(text)
    chosen: list[Flag] = []
    for flag in candidates:  # earlier patterns have priority
        if all(flag.end <= c.start or flag.start >= c.end for c in chosen):
            chosen.append(flag)
    return sorted(chosen, key=lambda f: f.start)


def highlight(text: str) -> SafeString:
    """Return ``text`` as safe HTML with each flag wrapped in a labelled ``<mark>``."""
    parts: list[str] = []
    position = 0
    for flag in find_flags(text):
        parts.append(escape(text[position : flag.start]))
        kind_class = flag.kind.replace(" ", "-")
        parts.append(
            f'<mark class="voices-flag voices-flag--{kind_class}">'
            f'<span class="nhsuk-u-visually-hidden">Possible {flag.kind}: </span>'
            f"{escape(flag.text)}</mark>"
        )
        position = flag.end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece is escaped above
