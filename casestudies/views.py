"""Views behind the case-study index routes: the list in four formats, and compare."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qsl

from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse

from casestudies.compare import CompareError, compare_rows, load_for_compare, parse_ids
from casestudies.filters import FACET_LABELS, PAGE_SIZE, SORTS, CaseStudyQueryForm
from casestudies.measures import measure_results, measures_in_use, shared_measures
from casestudies.models import (
    CLASSIFIED,
    CaseStudyPage,
    OutcomeMeasure,
    Provenance,
    Region,
)
from casestudies.terms import TermInfo, all_terms, prefetch_terms
from cms.feeds import atom_response
from cms.site_address import absolute_url
from ehch import exports, pagecache
from ehch.numbers import valid_ids
from search import service

FORMATS = ("html", "json", "csv", "atom")
EXPORT_LIMIT = 10000
LIST_TITLE = "Case studies"


# Column headers people read, and how each cell is read from a page. The id
# column is not headed plain "ID": Excel takes a file starting "ID" for SYLK.
def _with_basis(
    header: str, field: str, cell: Callable[[CaseStudyPage], object]
) -> list[tuple[str, Callable[[CaseStudyPage], object]]]:
    """A classification's column, then whether a source states it."""
    basis = CLASSIFIED[field]
    return [
        (header, cell),
        (
            f"{header}: where it comes from",
            lambda p: getattr(p, f"get_{basis}_display")(),
        ),
    ]


CSV_COLUMNS: list[tuple[str, Callable[[CaseStudyPage], object]]] = [
    ("Case study ID", lambda p: p.pk),
    ("Title", lambda p: p.title),
    ("Web address", lambda p: absolute_url(p.url)),
    ("Area", lambda p: p.area),
    ("Where the content comes from", lambda p: p.get_provenance_display()),
    ("Region", lambda p: p.region.label if p.region else ""),
    ("Lead organisation", lambda p: p.lead_organisation),
    ("Lead organisation type", lambda p: p.lead_type.label if p.lead_type else ""),
    ("Vanguard", lambda p: p.get_vanguard_display()),
    ("Year started", lambda p: p.year_started),
    *_with_basis("Starting approach", "approach", lambda p: _labels(p.approach)),
    *_with_basis("How homes were brought in", "rollout", lambda p: _labels(p.rollout)),
    *_with_basis(
        "Resourcing", "resourcing", lambda p: p.resourcing.label if p.resourcing else ""
    ),
    *_with_basis("Challenges", "challenges", lambda p: _labels(p.challenges)),
    *_with_basis("Framework care elements", "elements", lambda p: _labels(p.elements)),
    (
        "Residents and families helped define success",
        lambda p: p.get_residents_involved_display(),
    ),
    ("Last updated", lambda p: p.last_published_at),
]


def _labels(terms) -> str:
    # .all() reads the terms prefetch_terms already loaded: no query per row.
    return "; ".join(term.label for term in terms.all())


def _facet_labels(terms: dict[str, list[TermInfo]]) -> dict[str, list[tuple[str, str]]]:
    labels = {
        facet: [(t.slug, t.label) for t in facet_terms]
        for facet, facet_terms in terms.items()
    }
    labels["provenance"] = list(Provenance.choices)
    return labels


def _pages_in_order(ids: list[int]) -> list[CaseStudyPage]:
    # The ids come from the search index; the export carries every fact, so it
    # checks again that each page is live and public now (same query).
    pages = (
        CaseStudyPage.objects.live()
        .public()
        .filter(pk__in=ids)
        .with_single_terms()
        .in_bulk()
    )
    ordered = [pages[pk] for pk in ids if pk in pages]
    prefetch_terms(ordered)
    return ordered


def _csv_response(pages: list[CaseStudyPage]) -> HttpResponse:
    return exports.csv_response(
        "case-studies.csv",
        [header for header, _ in CSV_COLUMNS],
        ([cell(page) for _, cell in CSV_COLUMNS] for page in pages),
    )


def _atom_response(request: HttpRequest, index_page, outcome) -> HttpResponse:
    # The hits come from the search index; the feed checks again that each
    # page is live and public now, and takes its dates from the page.
    ids = [hit.object_id for hit in outcome.hits]
    pages = CaseStudyPage.objects.live().public().filter(pk__in=ids).in_bulk()
    return atom_response(
        request,
        key="case-studies",
        title="Case studies – EHCH Learning Network",
        subtitle="New case studies matching this list's filters.",
        alternate=index_page.url,
        pages=[pages[pk] for pk in ids if pk in pages],
    )


def _json_hit(hit) -> dict:
    resourcing = hit.facets.get("resourcing", [])
    region = hit.facets.get("region", [])
    return {
        "id": hit.object_id,
        "title": hit.title,
        "url": absolute_url(hit.url),
        "area": hit.display.get("area", ""),
        "region": region[0] if region else None,
        "approach": sorted(hit.facets.get("approach", [])),
        "rollout": sorted(hit.facets.get("rollout", [])),
        "resourcing": resourcing[0] if resourcing else None,
        "challenges": sorted(hit.facets.get("challenge", [])),
        # "stated" (in a source) or "inferred" (by editors), per classification.
        "classification_basis": hit.display.get("basis", {}),
        "highlight": hit.highlight,
    }


def _json_response(index_page, outcome, query) -> JsonResponse:
    params = [*parse_qsl(query.querystring()), ("format", "json")]
    filters: dict[str, object] = dict(query.selected)
    if query.q:
        filters["q"] = query.q
    filters["sort"] = query.sort
    return JsonResponse(
        {
            "meta": exports.provenance(
                title=LIST_TITLE,
                address=exports.page_link(index_page.url, params, 1),
                count=outcome.count,
                filters=filters,
            ),
            "count": outcome.count,
            "page": outcome.page,
            "num_pages": outcome.num_pages,
            **exports.pagination_links(
                index_page.url, params, outcome.page, outcome.num_pages
            ),
            "results": [_json_hit(hit) for hit in outcome.hits],
            "facets": {
                facet: [
                    {
                        "value": v.value,
                        "label": v.label,
                        "count": v.count,
                        "selected": v.selected,
                    }
                    for v in values
                ]
                for facet, values in outcome.facets.items()
            },
            "engine": outcome.engine,
            "degraded": outcome.degraded,
        }
    )


def _filter_panel(outcome, terms: dict[str, list[TermInfo]]) -> list[dict]:
    """Each facet with its values, counts, hints and whether each is selected."""
    hints = {
        facet: {t.slug: t.definition for t in facet_terms}
        for facet, facet_terms in terms.items()
    }
    return [
        {
            "name": facet,
            "label": FACET_LABELS[facet],
            "open": any(v.selected for v in values),
            "options": [
                {
                    "value": v.value,
                    "label": v.label,
                    "hint": hints.get(facet, {}).get(v.value, ""),
                    "count": v.count,
                    "selected": v.selected,
                }
                for v in values
            ],
        }
        for facet, values in outcome.facets.items()
    ]


def _active_filters(query, outcome) -> list[dict]:
    """Chips for the selected values, each with the link that removes it."""
    labels = {
        facet: {v.value: v.label for v in values}
        for facet, values in outcome.facets.items()
    }
    return [
        {
            "facet": FACET_LABELS[facet],
            "label": labels.get(facet, {}).get(value, value),
            "remove": query.querystring(without=(facet, value)),
        }
        for facet, values in query.selected.items()
        for value in values
    ]


def region_counts() -> list[dict]:
    """Each NHS England region with its number of live case studies."""
    live = CaseStudyPage.objects.live().public().values("pk")
    regions = Region.objects.annotate(
        total=Count("case_studies", filter=Q(case_studies__in=live), distinct=True)
    )
    return [{"slug": r.slug, "label": r.label, "count": r.total} for r in regions]


def _error_response(request, index_page, form) -> HttpResponse:
    context = index_page.get_context(request)
    context.update({"form": form, "regions": region_counts(), "sorts": SORTS})
    return TemplateResponse(
        request, "casestudies/case_study_index_page.html", context, status=400
    )


def case_study_list(request: HttpRequest, index_page) -> HttpResponse:
    """List case studies with filters, counts, sort and page, in any offered format.

    A bad parameter gets the HTML page with its message, or in every other
    format the site's one JSON error body (``ehch.exports``).
    """
    wants = request.GET.get("format") or "html"
    if wants not in FORMATS:
        return exports.unknown_format(wants, FORMATS)
    terms = all_terms()
    form = CaseStudyQueryForm(request.GET, terms=terms)
    if not form.is_valid():
        if wants == "html":
            return _error_response(request, index_page, form)
        return exports.form_error(form)
    query = form.to_query()
    labels = _facet_labels(terms)

    if wants == "csv":
        outcome = service.search(
            service.case_study_request(
                query.q, query.selected, query.sort, 1, EXPORT_LIMIT
            ),
            labels,
        )
        return _unless_degraded(
            outcome, _csv_response(_pages_in_order([h.object_id for h in outcome.hits]))
        )

    sort = "newest" if wants == "atom" else query.sort
    outcome = service.search(
        service.case_study_request(
            query.q, query.selected, sort, query.page, PAGE_SIZE
        ),
        labels,
    )
    page_notice = ""
    if query.page > outcome.num_pages:
        if wants != "html":
            # A program paging past the end has a bug; say so rather than
            # answer with another page than the one it asked for.
            return exports.bad_parameter(
                "page",
                f"There is no page {query.page}. The last page is {outcome.num_pages}.",
            )
        page_notice = f"There is no page {query.page}. Here is the last page instead."
        query.page = outcome.num_pages
        outcome = service.search(
            service.case_study_request(
                query.q, query.selected, query.sort, query.page, PAGE_SIZE
            ),
            labels,
        )
    if wants == "json":
        return _unless_degraded(outcome, _json_response(index_page, outcome, query))
    if wants == "atom":
        return _unless_degraded(outcome, _atom_response(request, index_page, outcome))

    compare_ids = valid_ids(request.GET.getlist("compare"))
    querystring = query.querystring()
    context = index_page.get_context(request)
    context.update(
        {
            "form": form,
            "query": query,
            "outcome": outcome,
            "results": outcome.hits,
            "page_obj": outcome,
            "page_notice": page_notice,
            "filter_panel": _filter_panel(outcome, terms),
            "active_filters": _active_filters(query, outcome),
            "sorts": SORTS,
            "compare_ids": compare_ids,
            "regions": region_counts(),
            "querystring": querystring,
            "csv_querystring": (querystring + "&" if querystring else "")
            + "format=csv",
            "atom_querystring": (querystring + "&" if querystring else "")
            + "format=atom",
        }
    )
    return _unless_degraded(
        outcome,
        TemplateResponse(request, "casestudies/case_study_index_page.html", context),
    )


def _unless_degraded(outcome, response: HttpResponse) -> HttpResponse:
    """Results from the fallback engine are never page-cached."""
    return pagecache.never_store(response) if outcome.degraded else response


def compare(request: HttpRequest, index_page) -> HttpResponse:
    """Show 2-4 case studies side by side; a bad request gets a plain message."""
    context = {"page": index_page, "self": index_page, "index_url": index_page.url}
    try:
        ids = parse_ids(request.GET.getlist("ids"))
        pages = load_for_compare(ids)
    except CompareError as exc:
        context["error"] = str(exc)
        return TemplateResponse(
            request, "casestudies/compare.html", context, status=400
        )
    context.update(
        {
            "pages": pages,
            "rows": compare_rows(pages),
            "shared_measures": shared_measures(pages),
            "measures_url": f"{index_page.url}measures/",
        }
    )
    return TemplateResponse(request, "casestudies/compare.html", context)


def measures_index(request: HttpRequest, index_page) -> HttpResponse:
    """The measures some visible case study reports, with how many areas."""
    context = {
        "page": index_page,
        "self": index_page,
        "index_url": index_page.url,
        "measures": measures_in_use(),
        "breadcrumbs": [("/", "Home"), (index_page.url, "Case studies")],
    }
    return TemplateResponse(request, "casestudies/measures.html", context)


def measure_detail(request: HttpRequest, index_page, slug: str) -> HttpResponse:
    """One measure's results from every area; 404 for a measure not on the list."""
    measure = OutcomeMeasure.objects.filter(slug=slug).first()
    if measure is None:
        raise Http404("No such measure.")
    measures_url = f"{index_page.url}measures/"
    context = {
        "page": index_page,
        "self": index_page,
        "index_url": index_page.url,
        "measures_url": measures_url,
        "measure": measure,
        "found": measure_results(measure),
        "breadcrumbs": [
            ("/", "Home"),
            (index_page.url, "Case studies"),
            (measures_url, "Results by measure"),
        ],
    }
    return TemplateResponse(request, "casestudies/measure.html", context)
