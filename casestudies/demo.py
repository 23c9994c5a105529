"""Demo content for case studies: the vocabularies, the index page, 15 case studies.

Reads fixtures/vocabulary/*.yaml and fixtures/casestudies/*.yaml. Only adds what
is missing, so editors' later changes survive a second run.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from casestudies.models import (
    CLASSIFIED,
    VOCABULARIES,
    CaseStudyIndexPage,
    CaseStudyOutcome,
    CaseStudyPage,
    CaseStudySource,
    OutcomeMeasure,
)
from cms.models import HomePage

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
SIZE_FIELDS = ("homes", "nursing_homes", "beds", "residents")
NARRATIVE_KEYS = [
    "how_they_started",
    "what_they_did",
    "relationships_and_trust",
    "leadership",
    "what_they_would_do_differently",
]


def _paragraphs(text: str) -> str:
    from django.utils.html import escape

    parts = [p.strip() for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p>{escape(' '.join(p.split()))}</p>" for p in parts)


@transaction.atomic
def load_vocabularies() -> int:
    """Create the vocabulary terms that do not exist yet; return how many."""
    created = 0
    for facet, model in {**VOCABULARIES, "measure": OutcomeMeasure}.items():
        with (FIXTURES / "vocabulary" / f"{facet}.yaml").open(
            encoding="utf-8"
        ) as handle:
            data = yaml.safe_load(handle)
        for order, term in enumerate(data["terms"]):
            _, was_created = model.objects.get_or_create(
                slug=term["slug"],
                defaults={
                    "label": term["label"],
                    "definition": term["definition"],
                    "authoritative": term.get("authoritative", True),
                    "sort_order": order,
                },
            )
            created += was_created
    return created


@transaction.atomic
def ensure_index_page(home: HomePage) -> CaseStudyIndexPage:
    """Return the case-study index at /case-studies/, creating it when missing."""
    index = CaseStudyIndexPage.objects.first()
    if index is None:
        index = CaseStudyIndexPage(
            title="Case studies",
            slug="case-studies",
            intro=(
                "How areas in England started enhanced health in care homes, how they "
                "paid for it, what got in the way and what they measured. Filter to "
                "find an area like yours."
            ),
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def _terms(facet: str, slugs: list[str] | None):
    return list(VOCABULARIES[facet].objects.filter(slug__in=slugs or []))


def _one(facet: str, slug: str | None):
    return VOCABULARIES[facet].objects.filter(slug=slug).first() if slug else None


def _measure(measures: dict[str, OutcomeMeasure], slug: str | None):
    """The shared measure a fixture names; a misspelt slug stops the load."""
    if not slug:
        return None
    if slug not in measures:
        raise OutcomeMeasure.DoesNotExist(f"No outcome measure {slug!r}")
    return measures[slug]


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def build_case_study(data: dict) -> CaseStudyPage:
    """Make an unsaved CaseStudyPage (with its rows) from one fixture's data."""
    page = CaseStudyPage(
        title=data["title"],
        slug=data["slug"],
        area=data["area"],
        summary=data["summary"],
        search_description=data["summary"],
        provenance=data["provenance"],
        provenance_note=data.get("provenance_note") or "",
        region=_one("region", data.get("region")),
        lead_organisation=data.get("lead_organisation") or "",
        lead_type=_one("lead", data.get("lead_type")),
        partners="\n".join(data.get("partners") or []),
        vanguard=data.get("vanguard") or "unknown",
        year_started=data.get("year_started"),
        **{name: data.get(name) for name in SIZE_FIELDS},
        size_note=data.get("size_note") or "",
        resourcing_amount=_decimal(data.get("resourcing_amount")),
        resourcing_amount_note=data.get("resourcing_amount_note") or "",
        resourcing=_one("resourcing", data.get("resourcing")),
        resourcing_detail=data.get("resourcing_detail") or "",
        **{basis: data.get(basis) or "" for basis in CLASSIFIED.values()},
        residents_involved=data.get("residents_involved") or "unknown",
        residents_involvement_detail=data.get("residents_involvement_detail") or "",
        narrative=[
            (key, _paragraphs(data["narrative"].get(key) or ""))
            for key in NARRATIVE_KEYS
            if (data.get("narrative") or {}).get(key)
        ],
    )
    page.approach = _terms("approach", data.get("approach"))
    page.rollout = _terms("rollout", data.get("rollout"))
    page.challenges = _terms("challenge", data.get("challenges"))
    page.elements = _terms("element", data.get("elements"))
    page.sources = [
        CaseStudySource(
            title=s["title"],
            url=s.get("url") or "",
            kind=s.get("kind") or "",
            sort_order=i,
        )
        for i, s in enumerate(data.get("sources") or [])
    ]
    measures = OutcomeMeasure.objects.in_bulk(field_name="slug")
    page.outcomes = [
        CaseStudyOutcome(
            measure=o["measure"],
            measure_term=_measure(measures, o.get("measure_term")),
            unit=o.get("unit") or "",
            population=o.get("population") or "",
            method=o["method"],
            period=o.get("period") or "",
            compared_with=o.get("compared_with") or "",
            effect_percent=_decimal(o.get("effect_percent")),
            effect_lower=_decimal(o.get("effect_lower")),
            effect_upper=_decimal(o.get("effect_upper")),
            baseline_value=_decimal(o.get("baseline_value")),
            baseline_period=o.get("baseline_period") or "",
            latest_value=_decimal(o.get("latest_value")),
            latest_period=o.get("latest_period") or "",
            source_title=o.get("source_title") or "",
            source_url=o.get("source_url") or "",
            source_kind=o.get("source_kind") or "",
            note=o.get("note") or "",
            sort_order=i,
        )
        for i, o in enumerate(data.get("outcomes") or [])
    ]
    return page


def load_case_studies(
    home: HomePage, progress: Callable[[str], None] = lambda _m: None
) -> int:
    """Create the demo case studies that do not exist yet; return how many."""
    load_vocabularies()
    index = ensure_index_page(home)
    existing = set(index.get_children().values_list("slug", flat=True))
    created = 0
    for path in sorted((FIXTURES / "casestudies").glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
        if data["slug"] in existing:
            continue
        with transaction.atomic():
            page = build_case_study(data)
            index.add_child(instance=page)
            page.save_revision().publish()
        created += 1
        progress(f"created case study {data['slug']}")
    return created
