"""Admin registration: the guidance vocabularies as editable snippets."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from casestudies.snippets import term_viewset
from cms.models import GUIDANCE_VOCABULARIES


class GuidanceVocabularyGroup(SnippetViewSetGroup):
    """One admin menu item holding the audience, topic and level vocabularies."""

    menu_label = "Guidance terms"
    menu_icon = "tag"
    menu_order = 310
    items = tuple(term_viewset(model) for model in GUIDANCE_VOCABULARIES.values())


register_snippet(GuidanceVocabularyGroup)
