"""Harm phrases: words in a shared view that suggest someone may be at risk.

Editors manage the list (the ``HarmPhrase`` snippet). Matching is on whole
words, ignoring capitals and extra spaces; a phrase ending in ``*`` matches any
ending ("bruis*" finds "bruise", "bruised", "bruising").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .models import HarmPhrase

# Seeded by migration 0003 (editors change the list in the admin afterwards).
DEFAULT_PHRASES: dict[str, list[str]] = {
    "abuse": [
        "abuse*",
        "hit me",
        "hits me",
        "hit her",
        "hit him",
        "hitting",
        "slapped",
        "pushed me",
        "shouts at",
        "shouted at",
        "rough with",
        "hurt*",
        "bruis*",
        "afraid of the staff",
        "scared of the staff",
        "frightened",
        "threatened",
        "took my money",
        "stolen",
        "touched me",
    ],
    "neglect": [
        "neglect*",
        "left alone all day",
        "left in bed",
        "left wet",
        "left soiled",
        "not fed",
        "no food",
        "hungry",
        "thirsty",
        "dehydrated",
        "not given water",
        "no one came",
        "nobody came",
        "ignored the bell",
        "tied down",
        "locked in",
    ],
    "self-harm": [
        "self-harm*",
        "self harm*",
        "suicid*",
        "kill myself",
        "end my life",
        "want to die",
        "better off dead",
        "overdose",
    ],
    "falls": [
        "a fall",
        "falls",
        "fell over",
        "fell out of",
        "fell down",
        "fallen",
        "on the floor for",
    ],
    "pressure sores": [
        "pressure sore*",
        "bed sore*",
        "bedsore*",
        "pressure ulcer*",
    ],
    "medicines": [
        "wrong tablets",
        "wrong medication",
        "missed medication",
        "not given my medication",
        "sedated",
    ],
}


def _pattern(phrase: str) -> str:
    words = phrase.strip().lower().split()
    wildcard = words[-1].endswith("*")
    if wildcard:
        words[-1] = words[-1].rstrip("*")
    body = r"\s+".join(re.escape(word) for word in words if word)
    ending = r"[\w-]*" if wildcard else r"(?!\w)"
    return r"(?<!\w)" + body + ending


def find_harm_phrases(text: str, phrases: Iterable[str] | None = None) -> list[str]:
    """The harm phrases (from the editors' list unless given) found in ``text``.

    Returns them in list order, each once; empty when none match.
    """
    if phrases is None:
        phrases = HarmPhrase.objects.values_list("phrase", flat=True)
    lowered = text.lower()
    found = []
    for phrase in phrases:
        if phrase.strip("* ") and re.search(_pattern(phrase), lowered):
            found.append(phrase)
    return list(dict.fromkeys(found))
