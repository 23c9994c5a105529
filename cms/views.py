"""The guidance and leadership index pages' list view: filter, paginate, render."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.template.response import TemplateResponse
from wagtail.models import Page

from cms.filters import FACETS, PAGE_SIZE, TaggedQueryForm, filter_tagged
from cms.models import GUIDANCE_VOCABULARIES, LeadershipResourcePage


def _filter_panel(selected: dict[str, list[str]]) -> list[dict]:
    """Each vocabulary with its terms and whether each is ticked."""
    panel = []
    for facet, (_field, label) in FACETS.items():
        terms = GUIDANCE_VOCABULARIES[facet].objects.all()
        panel.append(
            {
                "name": facet,
                "label": label,
                "options": [
                    {
                        "value": term.slug,
                        "label": term.label,
                        "hint": term.definition,
                        "selected": term.slug in selected.get(facet, []),
                    }
                    for term in terms
                ],
            }
        )
    return panel


def _group_by_level(pages: list) -> list[dict]:
    """Group leadership resources under each level; one page may sit in several."""
    groups = [
        {"level": level, "pages": []}
        for level in GUIDANCE_VOCABULARIES["level"].objects.all()
    ]
    by_pk = {group["level"].pk: group for group in groups}
    unassigned = []
    for page in pages:
        levels = list(page.levels.all())  # prefetched
        for level in levels:
            by_pk[level.pk]["pages"].append(page)
        if not levels:
            unassigned.append(page)
    result = [group for group in groups if group["pages"]]
    if unassigned:
        result.append({"level": None, "pages": unassigned})
    return result


def tagged_list(request: HttpRequest, index: Page, model) -> TemplateResponse:
    """List ``model`` pages under ``index``, filtered by the query string.

    An unknown slug or a bad page number gives a 400 with the error explained,
    never a 500.
    """
    form = TaggedQueryForm(request.GET)
    context = index.get_context(request)
    context["form"] = form
    context["breadcrumbs"] = [("/", "Home")]
    template = index.get_template(request)
    if not form.is_valid():
        return TemplateResponse(request, template, context, status=400)
    query = form.to_query()
    results = filter_tagged(model.objects.child_of(index), query)
    page_obj = Paginator(results, PAGE_SIZE).get_page(query.page)
    context.update(
        {
            "query": query,
            "querystring": query.querystring(),
            "filter_panel": _filter_panel(query.selected),
            "page_obj": page_obj,
            "results": list(page_obj.object_list),
        }
    )
    if model is LeadershipResourcePage:
        context["groups"] = _group_by_level(context["results"])
    return TemplateResponse(request, template, context)
