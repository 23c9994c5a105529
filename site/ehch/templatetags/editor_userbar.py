"""Wagtail's user bar for the people who can use it, at no cost to everyone else.

Editors expect Wagtail's bar (edit this page, its checks, a way back to the
admin) on the live site as well as in previews. Wagtail's own tag asks the
database about the user's permissions (two queries), so it is asked only on
Wagtail's own pages, where the bar can offer "Edit this page": a visitor is
never asked (cached pages cost nothing more), and the forum and search pages,
which Wagtail does not edit, keep their query budget.
"""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString
from wagtail.admin.templatetags.wagtailuserbar import get_page_instance, wagtailuserbar

register = template.Library()


@register.simple_tag(takes_context=True)
def editor_userbar(context: template.Context) -> SafeString | str:
    """Wagtail's user bar in a preview, or on a page for a user with admin access.

    Wagtail's tag itself renders nothing for a user without
    ``wagtailadmin.access_admin``, so members see no bar.
    """
    request = context.get("request")
    if request is None:
        return ""
    user = getattr(request, "user", None)
    if getattr(request, "is_preview", False):
        return wagtailuserbar(context)
    if user is None or not user.is_authenticated or get_page_instance(context) is None:
        return ""
    return wagtailuserbar(context)
