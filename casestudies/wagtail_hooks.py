"""Admin registration: the case-study vocabularies as editable snippets."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from casestudies.models import VOCABULARIES


def _viewset_for(model) -> type[SnippetViewSet]:
    return type(
        f"{model.__name__}ViewSet",
        (SnippetViewSet,),
        {
            "model": model,
            "icon": "tag",
            "list_display": ["label", "slug", "definition", "authoritative"],
            "search_fields": ["label", "definition"],
            "ordering": ["sort_order", "label"],
        },
    )


class CaseStudyVocabularyGroup(SnippetViewSetGroup):
    """One admin menu item holding every case-study vocabulary."""

    menu_label = "Case study terms"
    menu_icon = "tag"
    menu_order = 300
    items = tuple(_viewset_for(model) for model in VOCABULARIES.values())


register_snippet(CaseStudyVocabularyGroup)
