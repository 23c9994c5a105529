"""One way to read ids and numbers from URLs and query strings.

Python's ``int()`` accepts any Unicode decimal digit (``int("٣")`` is 3) and
``str.isdigit()`` accepts superscripts that ``int()`` then refuses
(``"²".isdigit()`` is true, ``int("²")`` raises), so a check with one and a
conversion with the other turned ``?ids=²`` into a 500. Every id or number a
visitor can type goes through :func:`parse_int` (or the helpers built on it),
which accepts ASCII digits only, within the range of a PostgreSQL integer, and
answers ``None`` for anything else so the caller can say "not found" or
"not a number" instead of failing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django import forms

# The largest value of a PostgreSQL ``integer`` (AutoField primary keys).
MAX_ID = 2**31 - 1
# What a page-number field says about a bad page, in plain English.
PAGE_NUMBER_ERRORS = {
    "invalid": "The page number must be a whole number.",
    "min_value": "The page number must be 1 or more.",
    "max_value": "The page number can be at most %(limit_value)s.",
}
_ASCII_INTEGER = re.compile(r"-?[0-9]{1,12}", re.ASCII)


def parse_int(
    value: object, *, minimum: int | None = None, maximum: int | None = MAX_ID
) -> int | None:
    """Read a whole number written in ASCII digits, or None.

    Args:
        value: the raw text (a query parameter or a URL part); ``None``,
            non-strings, empty text, non-ASCII digits, signs other than a
            leading minus, spaces and anything over twelve digits give None.
        minimum: the smallest value accepted (inclusive), or None for no floor.
        maximum: the largest value accepted (inclusive), or None for no ceiling.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _ASCII_INTEGER.fullmatch(value):
        number = int(value)
    else:
        return None
    if minimum is not None and number < minimum:
        return None
    if maximum is not None and number > maximum:
        return None
    return number


def parse_id(value: object) -> int | None:
    """Read a database id (1 to the largest integer id), or None."""
    return parse_int(value, minimum=1, maximum=MAX_ID)


def parse_ids(values: Iterable[str], *, separator: str = ",") -> list[int] | None:
    """Read ids from repeated and/or comma-separated parameters, keeping order.

    Duplicates are dropped and blank parts skipped. Returns None when any part
    is not an id, so the caller can refuse the whole request rather than
    silently act on part of it.
    """
    ids: list[int] = []
    for raw in values:
        for part in str(raw).split(separator):
            part = part.strip()
            if not part:
                continue
            number = parse_id(part)
            if number is None:
                return None
            if number not in ids:
                ids.append(number)
    return ids


def valid_ids(values: Iterable[str]) -> set[int]:
    """The ids among ``values`` that are well formed, ignoring the rest."""
    return {n for n in (parse_id(v) for v in values) if n is not None}


def parse_page(value: object, *, maximum: int = 100_000) -> int:
    """A page number for a paginated list: 1 when missing or not a number."""
    return parse_int(value, minimum=1, maximum=maximum) or 1


class AsciiIntegerField(forms.IntegerField):
    """An IntegerField that refuses non-ASCII digits (Django's accepts ``٣``)."""

    def to_python(self, value):  # noqa: D102
        if value in self.empty_values:
            return None
        number = parse_int(str(value).strip(), maximum=None)
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number
