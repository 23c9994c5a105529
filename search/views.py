"""GET /search/: site-wide search, grouped by kind of content, as HTML or JSON."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse

from ehch import pagecache
from search import service
from search.documents import KIND_LABELS
from search.forms import SiteSearchForm
from search.service import audiences_for

PAGE_SIZE = 20


def site_search(request: HttpRequest) -> HttpResponse:
    """Search case studies, guidance, forum posts and residents' statements."""
    wants_json = request.GET.get("format") == "json"
    form = SiteSearchForm(request.GET)
    if not form.is_valid():
        if wants_json:
            fields = {k: [str(e) for e in v] for k, v in form.errors.items()}
            message = " ".join(e for errors in fields.values() for e in errors)
            return JsonResponse({"error": message, "fields": fields}, status=400)
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
    if wants_json:
        response = JsonResponse(_as_json(outcome))
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


def _as_json(outcome) -> dict:
    if outcome is None:
        return {"count": 0, "page": 1, "num_pages": 1, "results": [], "types": []}
    return {
        "count": outcome.count,
        "page": outcome.page,
        "num_pages": outcome.num_pages,
        "results": [
            {
                "type": hit.kind,
                "title": hit.title,
                "url": hit.url,
                "summary": hit.summary,
                "highlight": hit.highlight,
            }
            for hit in outcome.hits
        ],
        "types": [
            {
                "value": t.value,
                "label": t.label,
                "count": t.count,
                "selected": t.selected,
            }
            for t in outcome.types
        ],
        "engine": outcome.engine,
        "degraded": outcome.degraded,
    }
