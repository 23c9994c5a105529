"""Reading the case-study list's query string and applying it with the ORM.

The search app gives the same filters with counts through its engines; this
module is the plain version the list falls back on and the CSV export uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.http import QueryDict

from casestudies.models import (
    VOCABULARIES,
    CaseStudyPage,
    Provenance,
)
from casestudies.terms import TermInfo
from ehch.numbers import PAGE_NUMBER_ERRORS, AsciiIntegerField

# URL parameter -> the CaseStudyPage field it filters.
FACET_FIELDS: dict[str, str] = {
    "approach": "approach",
    "rollout": "rollout",
    "resourcing": "resourcing",
    "challenge": "challenges",
    "region": "region",
    "lead": "lead_type",
    "element": "elements",
}
FACET_LABELS: dict[str, str] = {
    "approach": "How it began",
    "rollout": "How homes were brought in",
    "resourcing": "Resourcing",
    "challenge": "Challenges",
    "region": "NHS England region",
    "lead": "Lead organisation",
    "element": "Framework care elements",
    "provenance": "Where the content comes from",
}
SORTS = {"relevance": "Best match", "newest": "Newest first", "az": "Area, A to Z"}
PAGE_SIZE = 20


@dataclass
class CaseStudyQuery:
    """A validated request for case studies: free text, facet selections, sort, page."""

    q: str = ""
    selected: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "newest"
    page: int = 1

    def querystring(
        self, *, without: tuple[str, str] | None = None, page: bool = False
    ) -> str:
        """Return the query string, minus one (facet, value) or with the page."""
        params = QueryDict(mutable=True)
        if self.q:
            params["q"] = self.q
        for facet, values in self.selected.items():
            kept = [v for v in values if without is None or (facet, v) != without]
            if kept:
                params.setlist(facet, kept)
        if self.sort != ("relevance" if self.q else "newest"):
            params["sort"] = self.sort
        if page and self.page > 1:
            params["page"] = str(self.page)
        return params.urlencode()

    @property
    def has_filters(self) -> bool:
        """True when any facet value or free text narrows the list."""
        return bool(self.q) or any(self.selected.values())


class CaseStudyQueryForm(forms.Form):
    """Validates the list's query string; unknown slugs become readable errors."""

    q = forms.CharField(
        required=False,
        max_length=200,
        label="Search case studies",
        error_messages={
            "max_length": "Search words can be at most %(limit_value)d characters."
        },
    )
    sort = forms.ChoiceField(
        required=False,
        choices=list(SORTS.items()),
        error_messages={
            "invalid_choice": "“%(value)s” is not a way we sort the list. "
            "Use relevance, newest or az."
        },
    )
    page = AsciiIntegerField(
        required=False,
        min_value=1,
        max_value=100000,
        error_messages=PAGE_NUMBER_ERRORS,
    )

    def __init__(
        self, data: QueryDict, *args, terms: dict[str, list[TermInfo]], **kwargs
    ) -> None:
        super().__init__(data, *args, **kwargs)
        for facet in VOCABULARIES:
            self.fields[facet] = forms.MultipleChoiceField(
                required=False,
                label=FACET_LABELS[facet],
                choices=[(term.slug, term.label) for term in terms[facet]],
                error_messages={
                    "invalid_choice": (
                        f"“%(value)s” is not a {FACET_LABELS[facet].lower()} "
                        "we know. Choose from the list."
                    )
                },
            )
        self.fields["provenance"] = forms.MultipleChoiceField(
            required=False,
            label=FACET_LABELS["provenance"],
            choices=Provenance.choices,
            error_messages={
                "invalid_choice": "“%(value)s” is not a kind of source we know. "
                "Use documented, illustrative or submitted."
            },
        )

    def to_query(self) -> CaseStudyQuery:
        """Return the validated query; call only after ``is_valid()``."""
        data = self.cleaned_data
        return CaseStudyQuery(
            q=data.get("q") or "",
            selected={
                facet: list(data.get(facet) or [])
                for facet in [*VOCABULARIES, "provenance"]
                if data.get(facet)
            },
            sort=data.get("sort") or ("relevance" if data.get("q") else "newest"),
            page=data.get("page") or 1,
        )


def filter_case_studies(query: CaseStudyQuery):
    """Return live, public case studies matching the query, sorted, facts preloaded.

    Values within a facet are OR-ed, facets are AND-ed; each facet filters through
    a subquery so that many-to-many joins never duplicate rows.
    """
    results = CaseStudyPage.objects.live().public()
    for facet, values in query.selected.items():
        if not values:
            continue
        if facet == "provenance":
            results = results.filter(provenance__in=values)
            continue
        field_name = FACET_FIELDS[facet]
        matching = CaseStudyPage.objects.filter(**{f"{field_name}__slug__in": values})
        results = results.filter(pk__in=matching.values("pk"))
    if query.q:
        text = Q()
        for word in query.q.split():
            text &= (
                Q(title__icontains=word)
                | Q(area__icontains=word)
                | Q(summary__icontains=word)
            )
        results = results.filter(text)
    if query.sort == "az":
        order = [Lower("area"), "pk"]
    else:
        order = [F("first_published_at").desc(nulls_last=True), "-pk"]
    return results.with_facts().order_by(*order)
