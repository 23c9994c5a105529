"""Admin registration: the guidance vocabularies as editable snippets."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.models import GUIDANCE_VOCABULARIES


def _viewset_for(model) -> type[SnippetViewSet]:
    return type(
        f"{model.__name__}ViewSet",
        (SnippetViewSet,),
        {
            "model": model,
            "icon": "tag",
            "list_display": ["label", "slug", "definition"],
            "search_fields": ["label", "definition"],
            "ordering": ["sort_order", "label"],
        },
    )


class GuidanceVocabularyGroup(SnippetViewSetGroup):
    """One admin menu item holding the audience, topic and level vocabularies."""

    menu_label = "Guidance terms"
    menu_icon = "tag"
    menu_order = 310
    items = tuple(_viewset_for(model) for model in GUIDANCE_VOCABULARIES.values())


register_snippet(GuidanceVocabularyGroup)
