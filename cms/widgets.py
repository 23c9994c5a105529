"""The rich text editor's form widget, hardened against what the browser sends.

Draftail keeps its content in a hidden input as JSON and copies it there a
moment after each keystroke. A form sent in that moment carries an empty
string, and Wagtail's widget then fails with a JSONDecodeError (a server
error). Here a blank value counts as "nothing written", so the form answers
"This field is required" (or saves an empty draft), and a value that is not
Draftail's JSON at all counts as missing instead of crashing the request.
"""

from __future__ import annotations

from wagtail.admin.rich_text import DraftailRichTextArea as WagtailDraftailRichTextArea


class DraftailRichTextArea(WagtailDraftailRichTextArea):
    """Wagtail's Draftail widget; blank or malformed input never raises."""

    def value_from_datadict(self, data, files, name):  # noqa: D102
        raw = data.get(name)
        if raw is not None and not str(raw).strip():
            return ""
        try:
            return super().value_from_datadict(data, files, name)
        except (ValueError, TypeError, KeyError, AttributeError):
            # Not Draftail's content state: treat it as missing.
            return None
