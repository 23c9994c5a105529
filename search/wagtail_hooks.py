"""Admin registration: the synonym groups editors manage."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search.models import SynonymGroup


class SynonymGroupViewSet(SnippetViewSet):
    """Synonyms apply to the next search; nothing needs re-indexing."""

    model = SynonymGroup
    icon = "search"
    menu_label = "Synonyms"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["terms", "note"]
    search_fields = ["terms"]


register_snippet(SynonymGroupViewSet)
