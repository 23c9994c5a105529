"""What a form's error summary lists: (the field's id, the message) in page order.

For pages whose summary covers several forms or rows (``components/
error_list.html``); a page with one plain form uses ``components/
error_summary.html`` with the form itself.
"""

from __future__ import annotations

from django import forms


def anchor(field: forms.BoundField) -> str:
    """The id a summary link jumps to: the first option of a radio or tick list."""
    if field.widget_type in ("radioselect", "checkboxselectmultiple"):
        return f"{field.auto_id}_0"
    return field.id_for_label


def form_errors(
    form: forms.BaseForm, prefix: str = "", *, with_labels: bool = False
) -> list[tuple[str, str]]:
    """The form's errors, each message after ``prefix`` (and its field's label)."""
    found = [("", f"{prefix}{error}") for error in form.non_field_errors()]
    for field in form:
        label = f"{field.label}: " if with_labels else ""
        found += [(anchor(field), f"{prefix}{label}{error}") for error in field.errors]
    return found


def without_blank_choice(form: forms.BaseForm, *names: str) -> None:
    """Drop Django's "---------" choice from required fields shown as radios.

    A model field with choices and no default gets a blank first choice; in a
    select it prompts, but as a radio it is an answer nobody should pick.
    """
    for name in names:
        field = form.fields[name]
        field.choices = [choice for choice in field.choices if choice[0] != ""]
