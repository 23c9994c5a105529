"""Reading the guidance and leadership lists' query strings, applied with the ORM.

``?audience=…&topic=…&level=…`` take term slugs; several values of one
vocabulary are OR-ed, different vocabularies AND-ed. The search app can later
offer the same filters through its engines; this is the plain version.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.http import QueryDict

from casestudies.terms import load_vocabularies
from cms.models import GUIDANCE_VOCABULARIES, TaggedPageQuerySet

# URL parameter -> (page field, label shown to readers)
FACETS: dict[str, tuple[str, str]] = {
    "audience": ("audiences", "Who it is for"),
    "topic": ("topics", "Topic"),
    "level": ("levels", "Leadership level"),
}
# How an error names each vocabulary: "“x” is not an audience we know."
FACET_NOUNS = {
    "audience": "an audience",
    "topic": "a topic",
    "level": "a leadership level",
}
PAGE_SIZE = 12


@dataclass
class TaggedQuery:
    """A validated request for a tagged list: selected slugs per facet and a page."""

    selected: dict[str, list[str]] = field(default_factory=dict)
    page: int = 1

    def querystring(self) -> str:
        """Return the filters as a query string, without the page number."""
        params = QueryDict(mutable=True)
        for facet, values in self.selected.items():
            if values:
                params.setlist(facet, values)
        return params.urlencode()

    @property
    def has_filters(self) -> bool:
        """True when any facet narrows the list."""
        return any(self.selected.values())


class TaggedQueryForm(forms.Form):
    """Validates the query string; an unknown slug becomes a readable error."""

    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=100000,
        error_messages={"invalid": "The page number must be a whole number."},
    )

    def __init__(
        self,
        data: QueryDict,
        *args,
        vocabularies: dict[str, list] | None = None,
        **kwargs,
    ) -> None:
        """``vocabularies``: facet -> terms, if already loaded (saves queries)."""
        super().__init__(data, *args, **kwargs)
        if vocabularies is None:
            vocabularies = load_vocabularies(GUIDANCE_VOCABULARIES)
        for facet, (_field, label) in FACETS.items():
            self.fields[facet] = forms.MultipleChoiceField(
                required=False,
                label=label,
                choices=[(term.slug, term.label) for term in vocabularies[facet]],
                error_messages={
                    "invalid_choice": (
                        f"“%(value)s” is not {FACET_NOUNS[facet]} we know. "
                        "Choose from the list."
                    )
                },
            )

    def to_query(self) -> TaggedQuery:
        """Return the validated query; call only after ``is_valid()``."""
        data = self.cleaned_data
        return TaggedQuery(
            selected={f: list(data[f]) for f in FACETS if data.get(f)},
            page=data.get("page") or 1,
        )


def filter_tagged(queryset: TaggedPageQuerySet, query: TaggedQuery):
    """Return the published pages matching ``query``, newest first.

    Load a page's terms with ``casestudies.terms.prefetch_terms`` once the
    list is cut to a page: one query for all three vocabularies.
    """
    results = queryset.published()
    for facet, slugs in query.selected.items():
        results = results.tagged(FACETS[facet][0], slugs)
    return results.newest_first()
