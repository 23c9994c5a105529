"""System check: pages and emails tell people to contact the network.

``cms.W001`` warns (under every settings module, so also on each ``manage.py``
command in production) while Settings → "Contact details" gives no phone
number, postal address or email address: those pages then say that none are
published, and people without a computer have no way to reach a person.
"""

from __future__ import annotations

from django.core import checks
from django.db import DatabaseError


@checks.register("cms")
def contact_details_set(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Warn while no contact details are published."""
    from cms.models import ContactDetails

    try:
        contact = ContactDetails.objects.first()
    except DatabaseError as error:  # not migrated yet: say so, do not crash
        reason = (
            f" (could not read them; is the database migrated? {type(error).__name__})"
        )
        contact = None
    else:
        reason = ""
    if contact is not None and contact.is_set:
        return []
    return [
        checks.Warning(
            "No contact details are published" + reason + ": pages and emails "
            "that tell people to phone or write to the network say none are set.",
            hint="Add a phone number, postal address or email address in the "
            "Wagtail admin under Settings → Contact details.",
            id="cms.W001",
        )
    ]
