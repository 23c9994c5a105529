"""The network's contact details, for pages and emails.

One helper so every place that says "contact us" shows the same, current
details, or says plainly that none are published yet.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from cms.models import ContactDetails

_CACHE_ATTR = "_ehch_contact_details"


def contact_details(request: HttpRequest | None = None) -> ContactDetails:
    """The contact details (kept on ``request`` for the rest of it).

    Never writes: Wagtail's ``load()`` creates the row on first read, and a
    write while rendering a page would empty the page cache (cms is a content
    app) and make the page just rendered stale. An unsaved, empty instance
    stands in until an editor saves the setting.
    """
    if request is not None and hasattr(request, _CACHE_ATTR):
        return getattr(request, _CACHE_ATTR)
    contact = ContactDetails.objects.order_by("pk").first() or ContactDetails()
    if request is not None:
        setattr(request, _CACHE_ATTR, contact)
    return contact


def contact_text() -> str:
    """The contact details as plain text, for an email's body."""
    return render_to_string(
        "components/contact_details.txt", {"contact": contact_details()}
    ).strip()
