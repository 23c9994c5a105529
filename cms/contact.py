"""The network's contact details, for pages and emails.

One helper so every place that says "contact us" shows the same, current
details, or says plainly that none are published yet.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string

from cms.models import ContactDetails


def contact_details(request: HttpRequest | None = None) -> ContactDetails:
    """The contact details (cached on ``request`` for the rest of it)."""
    return ContactDetails.load(request_or_site=request)


def contact_text() -> str:
    """The contact details as plain text, for an email's body."""
    return render_to_string(
        "components/contact_details.txt", {"contact": contact_details()}
    ).strip()
