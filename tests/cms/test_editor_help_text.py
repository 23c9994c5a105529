"""Every field an editor fills in says what it is for (issue 16 item 1).

Walks the edit handler of every page type, snippet and setting of ours, into
inline panels (a case study's sources and outcomes), and asks of each field
panel the help text the editor would see: the panel's own, else the model
field's. A field added without one fails here, naming it.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.core.exceptions import FieldDoesNotExist
from wagtail.admin.panels import FieldPanel, InlinePanel, Panel, get_edit_handler
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import get_page_models
from wagtail.snippets.models import get_snippet_models

from casestudies.models import CaseStudyPage

OUR_APPS = {"cms", "casestudies", "voices", "community_forum", "search", "members"}

# Wagtail's own fields, explained by Wagtail's own screens: title and slug carry
# Wagtail's help text; the schedule dialog explains go-live and expiry.
WAGTAILS_OWN = {"go_live_at", "expire_at"}


def _field_panels(panel: Panel) -> Iterator[tuple[type, FieldPanel]]:
    if isinstance(panel, InlinePanel):
        yield from _field_panels(panel.child_edit_handler)
        return
    if isinstance(panel, FieldPanel):
        yield panel.model, panel
    for child in getattr(panel, "children", ()):
        yield from _field_panels(child)


def _help_text(model: type, panel: FieldPanel) -> str:
    if panel.help_text:
        return str(panel.help_text)
    try:
        return str(model._meta.get_field(panel.field_name).help_text or "")
    except FieldDoesNotExist:
        return "form field"  # a form-only field: its form supplies the text


def _handler(model: type) -> Panel:
    # Pages build theirs from content, promote and settings panels; snippets
    # and settings through Wagtail's generic function.
    if hasattr(model, "get_edit_handler"):
        return model.get_edit_handler()
    return get_edit_handler(model)


def _edited_models() -> list[type]:
    models = [*get_page_models(), *get_snippet_models(), *settings_registry]
    return [m for m in models if m._meta.app_label in OUR_APPS]


def test_every_field_editors_fill_in_has_help_text():
    missing = []
    for model in _edited_models():
        handler = _handler(model)
        for owner, panel in _field_panels(handler):
            if panel.field_name in WAGTAILS_OWN:
                continue
            if not _help_text(owner, panel).strip():
                missing.append(f"{owner._meta.label}.{panel.field_name}")
    assert not missing, "fields without help text for editors:\n" + "\n".join(
        sorted(set(missing))
    )


def test_the_walk_reaches_pages_snippets_settings_and_inline_panels():
    labels = {m._meta.label for m in _edited_models()}
    assert {"casestudies.CaseStudyPage", "cms.Topic", "cms.ContactDetails"} <= labels
    owners = {
        owner._meta.label for owner, _panel in _field_panels(_handler(CaseStudyPage))
    }
    assert "casestudies.CaseStudyOutcome" in owners
