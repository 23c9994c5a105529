"""GET /search/: site-wide search, grouped by kind of content, as HTML or JSON."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.urls import reverse

from cms.site_address import absolute_url
from ehch import exports, pagecache
from search import service
from search.documents import KIND_LABELS
from search.forms import SiteSearchForm
from search.service import audiences_for

PAGE_SIZE = 20
FORMATS = ("html", "json")


def site_search(request: HttpRequest) -> HttpResponse:
    """Search case studies, guidance, forum posts and residents' statements.

    A bad parameter gets the form with its message, or with ``format=json``
    (and for an unknown format) the site's one JSON error body.
    """
    wants = request.GET.get("format") or "html"
    if wants not in FORMATS:
        return exports.unknown_format(wants, FORMATS)
    form = SiteSearchForm(request.GET)
    if not form.is_valid():
        if wants == "json":
            return exports.form_error(form)
        return TemplateResponse(
            request, "search/search.html", {"form": form}, status=400
        )
    text = form.cleaned_data["q"] or ""
    types = form.cleaned_data["type"] or []
    page = form.cleaned_data["page"] or 1
    outcome = None
    if text.strip():
        outcome = service.search(
            service.site_request(
                text, types, page, audiences_for(request.user), PAGE_SIZE
            )
        )
        if page > outcome.num_pages:
            if wants == "json":
                return exports.bad_parameter(
                    "page",
                    f"There is no page {page}. The last page is {outcome.num_pages}.",
                )
            outcome = service.search(
                service.site_request(
                    text,
                    types,
                    outcome.num_pages,
                    audiences_for(request.user),
                    PAGE_SIZE,
                )
            )
    degraded = outcome is not None and outcome.degraded
    if wants == "json":
        response = JsonResponse(_as_json(outcome, text, types))
        return pagecache.never_store(response) if degraded else response
    querystring = request.GET.copy()
    querystring.pop("page", None)
    querystring.pop("format", None)
    response = TemplateResponse(
        request,
        "search/search.html",
        {
            "form": form,
            "q": text,
            "outcome": outcome,
            "kind_labels": KIND_LABELS,
            "querystring": querystring.urlencode(),
        },
    )
    # Results from the fallback engine are never page-cached.
    return pagecache.never_store(response) if degraded else response


def _as_json(outcome, text: str, types: list[str]) -> dict:
    path = reverse("search")
    params = [("q", text), *(("type", t) for t in types), ("format", "json")]
    count = outcome.count if outcome is not None else 0
    page = outcome.page if outcome is not None else 1
    num_pages = outcome.num_pages if outcome is not None else 1
    filters: dict[str, object] = {"q": text}
    if types:
        filters["type"] = list(types)
    return {
        "meta": exports.provenance(
            title="Search results",
            address=exports.page_link(path, params, 1),
            count=count,
            filters=filters,
        ),
        "count": count,
        "page": page,
        "num_pages": num_pages,
        **exports.pagination_links(path, params, page, num_pages),
        "results": [
            {
                "type": hit.kind,
                "title": hit.title,
                "url": absolute_url(hit.url),
                "summary": hit.summary,
                "highlight": hit.highlight,
            }
            for hit in (outcome.hits if outcome is not None else [])
        ],
        "types": [
            {
                "value": t.value,
                "label": t.label,
                "count": t.count,
                "selected": t.selected,
            }
            for t in (outcome.types if outcome is not None else [])
        ],
        "engine": outcome.engine if outcome is not None else None,
        "degraded": outcome.degraded if outcome is not None else False,
    }
