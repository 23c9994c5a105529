"""Views behind the case-study index routes: the list in four formats, and compare."""

from __future__ import annotations

import csv

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse

from casestudies.compare import CompareError, compare_rows, load_for_compare, parse_ids
from casestudies.filters import FACET_LABELS, PAGE_SIZE, SORTS, CaseStudyQueryForm
from casestudies.models import CaseStudyPage, Provenance, Region
from casestudies.terms import TermInfo, all_terms, prefetch_terms
from cms.feeds import atom_response
from cms.site_address import absolute_url
from ehch import pagecache
from ehch.numbers import valid_ids
from search import service

FORMATS = {"html", "json", "csv", "atom"}
EXPORT_LIMIT = 10000
CSV_COLUMNS = [
    "title",
    "url",
    "area",
    "provenance",
    "region",
    "lead_organisation",
    "lead_type",
    "vanguard",
    "year_started",
    "approach",
    "rollout",
    "resourcing",
    "challenges",
    "elements",
    "residents_involved",
]


def _safe_cell(value: object) -> str:
    """Stop spreadsheet programs from running a cell as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


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


def _csv_response(request: HttpRequest, pages: list[CaseStudyPage]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="case-studies.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for page in pages:
        row = [
            page.title,
            absolute_url(page.url),
            page.area,
            page.provenance,
            page.region.slug if page.region else "",
            page.lead_organisation,
            page.lead_type.slug if page.lead_type else "",
            page.vanguard,
            page.year_started or "",
            ";".join(t.slug for t in page.approach.all()),
            ";".join(t.slug for t in page.rollout.all()),
            page.resourcing.slug if page.resourcing else "",
            ";".join(t.slug for t in page.challenges.all()),
            ";".join(t.slug for t in page.elements.all()),
            page.residents_involved,
        ]
        writer.writerow([_safe_cell(cell) for cell in row])
    return response


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
        "url": hit.url,
        "area": hit.display.get("area", ""),
        "region": region[0] if region else None,
        "approach": sorted(hit.facets.get("approach", [])),
        "rollout": sorted(hit.facets.get("rollout", [])),
        "resourcing": resourcing[0] if resourcing else None,
        "challenges": sorted(hit.facets.get("challenge", [])),
        "highlight": hit.highlight,
    }


def _json_response(outcome) -> JsonResponse:
    return JsonResponse(
        {
            "count": outcome.count,
            "page": outcome.page,
            "num_pages": outcome.num_pages,
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


def _error_response(request, index_page, form, wants: str) -> HttpResponse:
    messages = [str(e) for errors in form.errors.values() for e in errors]
    if wants == "json":
        return JsonResponse(
            {
                "error": " ".join(messages),
                "fields": {k: [str(e) for e in v] for k, v in form.errors.items()},
            },
            status=400,
        )
    context = index_page.get_context(request)
    context.update({"form": form, "regions": region_counts(), "sorts": SORTS})
    return TemplateResponse(
        request, "casestudies/case_study_index_page.html", context, status=400
    )


def case_study_list(request: HttpRequest, index_page) -> HttpResponse:
    """List case studies with filters, counts, sort and page, in any offered format."""
    wants = request.GET.get("format", "html")
    terms = all_terms()
    form = CaseStudyQueryForm(request.GET, terms=terms)
    if wants not in FORMATS:
        form.is_valid()
        form.add_error(
            None, f"“{wants}” is not a format we offer. Use html, json, csv or atom."
        )
        return _error_response(
            request, index_page, form, "json" if wants.startswith("j") else "html"
        )
    if not form.is_valid():
        return _error_response(request, index_page, form, wants)
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
            outcome,
            _csv_response(
                request, _pages_in_order([h.object_id for h in outcome.hits])
            ),
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
        page_notice = f"There is no page {query.page}. Here is the last page instead."
        query.page = outcome.num_pages
        outcome = service.search(
            service.case_study_request(
                query.q, query.selected, query.sort, query.page, PAGE_SIZE
            ),
            labels,
        )
    if wants == "json":
        return _unless_degraded(outcome, _json_response(outcome))
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
    context.update({"pages": pages, "rows": compare_rows(pages)})
    return TemplateResponse(request, "casestudies/compare.html", context)
