"""Admin registration: the case-study vocabularies as editable snippets."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from casestudies.models import VOCABULARIES, OutcomeMeasure
from casestudies.snippets import term_viewset


class CaseStudyVocabularyGroup(SnippetViewSetGroup):
    """One admin menu item holding every case-study vocabulary."""

    menu_label = "Case study terms"
    menu_icon = "tag"
    menu_order = 300
    items = (
        *(term_viewset(model, ("authoritative",)) for model in VOCABULARIES.values()),
        term_viewset(OutcomeMeasure, ("authoritative",)),
    )


register_snippet(CaseStudyVocabularyGroup)
