"""Language processing shared by both search engines, so that they agree.

The Elasticsearch server core has no stemmers, synonym filters or language
analysers, so English stemming, British/American spellings and synonyms are
handled here: documents are indexed with an extra field of stemmed tokens, and
queries are analysed the same way before either engine sees them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_WORD = re.compile(r"[a-z0-9]+(?:&[a-z0-9]+)?")
_STEMMER = snowballstemmer.stemmer("english")

# American spellings met in health and care writing, mapped to British ones.
# Rules below catch the regular -ize/-yze/-ization families.
_SPELLINGS = {
    "behavior": "behaviour",
    "behaviors": "behaviours",
    "center": "centre",
    "centers": "centres",
    "color": "colour",
    "favor": "favour",
    "honor": "honour",
    "labor": "labour",
    "neighbor": "neighbour",
    "neighborhood": "neighbourhood",
    "program": "programme",
    "programs": "programmes",
    "pediatric": "paediatric",
    "anemia": "anaemia",
    "anesthetic": "anaesthetic",
    "edema": "oedema",
    "esophagus": "oesophagus",
    "hemorrhage": "haemorrhage",
    "ischemic": "ischaemic",
    "fiber": "fibre",
    "liter": "litre",
    "meter": "metre",
    "theater": "theatre",
    "catalog": "catalogue",
    "dialog": "dialogue",
    "enroll": "enrol",
    "enrollment": "enrolment",
    "fulfill": "fulfil",
    "judgment": "judgement",
    "aging": "ageing",
    "counseling": "counselling",
    "counselor": "counsellor",
    "traveling": "travelling",
    "modeling": "modelling",
    "labeled": "labelled",
    "canceled": "cancelled",
    "gray": "grey",
    "mold": "mould",
    "practice": "practice",
}
_IZE_EXCEPTIONS = {
    "size",
    "sizes",
    "prize",
    "prizes",
    "seize",
    "seized",
    "capsize",
    "baize",
}
_IZE = re.compile(r"(i|y)z(e|es|ed|ing|ation|ations|er|ers)$")


def fold(text: str) -> str:
    """Lower-case and strip accents, so 'Café' and 'cafe' are the same word."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def british(word: str) -> str:
    """Return the British spelling of an American-spelt word (or the word itself)."""
    if word in _SPELLINGS:
        return _SPELLINGS[word]
    if word not in _IZE_EXCEPTIONS and len(word) > 5:
        return _IZE.sub(
            lambda m: ("i" if m.group(1) == "i" else "y") + "s" + m.group(2), word
        )
    return word


def words(text: str) -> list[str]:
    """Split text into folded words; "A&E" becomes the one word "ae"."""
    return [word.replace("&", "") for word in _WORD.findall(fold(text))]


@lru_cache(maxsize=20000)
def stem(word: str) -> str:
    """Stem one folded word after normalising its spelling."""
    return _STEMMER.stemWord(british(word))


def stems(text: str) -> list[str]:
    """Return the stemmed tokens of ``text``, in order."""
    return [stem(word) for word in words(text)]


def stemmed_text(text: str) -> str:
    """Return ``text`` as a space-separated string of stemmed tokens, for indexing."""
    return " ".join(stems(text))
