"""The guidance and leadership index pages' list view: filter, paginate, render."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.template.response import TemplateResponse
from wagtail.models import Page

from casestudies.terms import load_vocabularies, prefetch_terms
from cms.filters import FACETS, PAGE_SIZE, TaggedQueryForm, filter_tagged
from cms.models import GUIDANCE_VOCABULARIES, LeadershipResourcePage
from cms.models.pages import TAG_RELATIONS


def _filter_panel(
    selected: dict[str, list[str]], vocabularies: dict[str, list]
) -> list[dict]:
    """Each vocabulary with its terms and whether each is ticked."""
    panel = []
    for facet, (_field, label) in FACETS.items():
        terms = vocabularies[facet]
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


def _group_by_level(pages: list, levels: list) -> list[dict]:
    """Group leadership resources under each level; one page may sit in several."""
    groups = [{"level": level, "pages": []} for level in levels]
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
    vocabularies = load_vocabularies(GUIDANCE_VOCABULARIES)  # one query for all
    form = TaggedQueryForm(request.GET, vocabularies=vocabularies)
    context = index.get_context(request)
    context["form"] = form
    context["breadcrumbs"] = [("/", "Home")]
    template = index.get_template(request)
    if not form.is_valid():
        return TemplateResponse(request, template, context, status=400)
    query = form.to_query()
    results = filter_tagged(model.objects.child_of(index), query)
    page_obj = Paginator(results, PAGE_SIZE).get_page(query.page)
    shown = list(page_obj.object_list)
    prefetch_terms(shown, TAG_RELATIONS)
    context.update(
        {
            "query": query,
            "querystring": query.querystring(),
            "filter_panel": _filter_panel(query.selected, vocabularies),
            "page_obj": page_obj,
            "results": shown,
        }
    )
    if model is LeadershipResourcePage:
        context["groups"] = _group_by_level(shown, vocabularies["level"])
    return TemplateResponse(request, template, context)
