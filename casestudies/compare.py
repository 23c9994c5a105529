"""Side-by-side comparison of two to four case studies."""

from __future__ import annotations

from dataclasses import dataclass

from casestudies.models import CaseStudyPage
from casestudies.terms import prefetch_terms
from ehch.numbers import parse_id

MIN_COMPARE = 2
MAX_COMPARE = 4


class CompareError(ValueError):
    """A comparison request that cannot be answered; the message is for readers."""


@dataclass(frozen=True)
class CompareRow:
    """One fact across the compared case studies."""

    label: str
    cells: list[list[tuple[str, bool]]]  # per case study: (value, shared by all?)


def parse_ids(raw_ids: list[str]) -> list[int]:
    """Turn the ``ids`` parameters into distinct page ids, in the order given."""
    ids: list[int] = []
    for raw in raw_ids:
        for part in raw.split(","):
            part = part.strip()
            if not part:
                continue
            number = parse_id(part)
            if number is None:
                raise CompareError(f"“{part[:40]}” is not a case study number.")
            if number not in ids:
                ids.append(number)
    if len(ids) < MIN_COMPARE:
        raise CompareError(f"Choose at least {MIN_COMPARE} case studies to compare.")
    if len(ids) > MAX_COMPARE:
        raise CompareError(
            f"You can compare up to {MAX_COMPARE} case studies at a time."
        )
    return ids


def load_for_compare(ids: list[int]) -> list[CaseStudyPage]:
    """Return the live case studies with these ids, in the same order."""
    pages = {
        page.pk: page
        for page in CaseStudyPage.objects.live()
        .public()
        .filter(pk__in=ids)
        .with_single_terms()
    }
    prefetch_terms(list(pages.values()))
    missing = [str(pk) for pk in ids if pk not in pages]
    if missing:
        raise CompareError(
            "We could not find case study "
            + ", ".join(missing)
            + ". It may have been removed."
        )
    return [pages[pk] for pk in ids]


def _term_row(label: str, pages: list[CaseStudyPage], attr: str) -> CompareRow:
    per_page = [[term.label for term in getattr(page, attr).all()] for page in pages]
    shared = set(per_page[0]).intersection(*per_page[1:]) if per_page else set()
    return CompareRow(
        label, [[(v, v in shared) for v in values] for values in per_page]
    )


def _single_row(label: str, values: list[str]) -> CompareRow:
    shared = len(set(values)) == 1 and values[0] not in {"", "Not known"}
    return CompareRow(label, [[(v or "Not known", shared)] for v in values])


def _amount(page: CaseStudyPage) -> str:
    if page.resourcing_amount is None:
        return ""
    return f"£{page.resourcing_amount:,.0f} ({page.resourcing_amount_note})"


def compare_rows(pages: list[CaseStudyPage]) -> list[CompareRow]:
    """Build the comparison table; values every case study shares are flagged."""
    return [
        _single_row(
            "Where the content comes from", [p.get_provenance_display() for p in pages]
        ),
        _single_row(
            "NHS England region", [p.region.label if p.region else "" for p in pages]
        ),
        _single_row(
            "Lead organisation type",
            [p.lead_type.label if p.lead_type else "" for p in pages],
        ),
        _single_row("Vanguard", [p.get_vanguard_display() for p in pages]),
        _single_row("Year started", [str(p.year_started or "") for p in pages]),
        _single_row("Size", [p.size_in_words for p in pages]),
        _term_row("How it began", pages, "approach"),
        _term_row("How homes were brought in", pages, "rollout"),
        _single_row(
            "Resourcing", [p.resourcing.label if p.resourcing else "" for p in pages]
        ),
        _single_row(
            "How it was paid for, in their words",
            [p.resourcing_detail for p in pages],
        ),
        _single_row("New money", [_amount(p) for p in pages]),
        _single_row(
            "Cost per care home",
            [
                f"about £{p.cost_per_home:,} ({p.resourcing_amount_note})"
                if p.cost_per_home is not None
                else ""
                for p in pages
            ],
        ),
        _term_row("Challenges", pages, "challenges"),
        _term_row("Framework care elements", pages, "elements"),
        _single_row(
            "Residents and families helped define success",
            [p.get_residents_involved_display() for p in pages],
        ),
    ]
