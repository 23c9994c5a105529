"""Views behind the case-study index page's routes: list, CSV export and compare."""

from __future__ import annotations

import csv

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from casestudies.compare import CompareError, compare_rows, load_for_compare, parse_ids
from casestudies.filters import (
    FACET_LABELS,
    PAGE_SIZE,
    SORTS,
    CaseStudyQueryForm,
    filter_case_studies,
)
from casestudies.models import VOCABULARIES, CaseStudyPage, Provenance, Region
from casestudies.terms import TermInfo, all_terms

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


def _csv_response(request: HttpRequest, pages) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="case-studies.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for page in pages:
        row = [
            page.title,
            request.build_absolute_uri(page.url),
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


def _filter_panel(
    selected: dict[str, list[str]], terms: dict[str, list[TermInfo]]
) -> list[dict]:
    """Every vocabulary with its terms and whether each is selected."""
    panel = []
    for facet in VOCABULARIES:
        chosen = set(selected.get(facet, []))
        panel.append(
            {
                "name": facet,
                "label": FACET_LABELS[facet],
                "options": [
                    {
                        "value": term.slug,
                        "label": term.label,
                        "hint": term.definition,
                        "selected": term.slug in chosen,
                    }
                    for term in terms[facet]
                ],
            }
        )
    chosen = set(selected.get("provenance", []))
    panel.append(
        {
            "name": "provenance",
            "label": FACET_LABELS["provenance"],
            "options": [
                {"value": v, "label": label, "hint": "", "selected": v in chosen}
                for v, label in Provenance.choices
            ],
        }
    )
    return panel


def region_counts() -> list[dict]:
    """Each NHS England region with its number of live case studies."""
    live = CaseStudyPage.objects.live().public().values("pk")
    regions = Region.objects.annotate(
        total=Count("case_studies", filter=Q(case_studies__in=live), distinct=True)
    )
    return [{"slug": r.slug, "label": r.label, "count": r.total} for r in regions]


def case_study_list(request: HttpRequest, index_page) -> HttpResponse:
    """List live case studies with the filters, sort and page from the query string."""
    terms = all_terms()
    form = CaseStudyQueryForm(request.GET, terms=terms)
    if not form.is_valid():
        context = index_page.get_context(request)
        context.update(
            {
                "form": form,
                "results": [],
                "page_obj": None,
                "filter_panel": [],
                "sorts": SORTS,
                "query": None,
                "regions": region_counts(),
            }
        )
        return TemplateResponse(
            request, "casestudies/case_study_index_page.html", context, status=400
        )
    query = form.to_query()
    results = filter_case_studies(query)
    if request.GET.get("format") == "csv":
        return _csv_response(request, results)

    paginator = Paginator(results, PAGE_SIZE)
    page_notice = ""
    number = query.page
    if number > max(paginator.num_pages, 1):
        page_notice = f"There is no page {number}. Here is the last page instead."
        number = paginator.num_pages
    page_obj = paginator.get_page(number)
    compare_ids = {int(v) for v in request.GET.getlist("compare") if v.isdigit()}

    context = index_page.get_context(request)
    context.update(
        {
            "form": form,
            "query": query,
            "page_obj": page_obj,
            "results": list(page_obj.object_list),
            "page_notice": page_notice,
            "filter_panel": _filter_panel(query.selected, terms),
            "active_filters": _active_filters(query, terms),
            "sorts": SORTS,
            "compare_ids": compare_ids,
            "regions": region_counts(),
            "querystring": query.querystring(),
            "csv_querystring": query.querystring()
            + ("&" if query.querystring() else "")
            + "format=csv",
        }
    )
    return TemplateResponse(request, "casestudies/case_study_index_page.html", context)


def _active_filters(query, terms: dict[str, list[TermInfo]]) -> list[dict]:
    """Chips for the selected values, each with the link that removes it."""
    labels = {
        facet: {t.slug: t.label for t in facet_terms}
        for facet, facet_terms in terms.items()
    }
    labels["provenance"] = dict(Provenance.choices)
    return [
        {
            "facet": FACET_LABELS[facet],
            "label": labels.get(facet, {}).get(value, value),
            "remove": query.querystring(without=(facet, value)),
        }
        for facet, values in query.selected.items()
        for value in values
    ]


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
