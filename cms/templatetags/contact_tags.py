"""``{% contact_details %}``: the network's phone, post and email, as HTML."""

from __future__ import annotations

from django import template

from cms.contact import contact_details as load_contact_details

register = template.Library()


@register.inclusion_tag("components/contact_details.html", takes_context=True)
def contact_details(context: template.Context, heading_level: int = 2) -> dict:
    """Render the contact details; ``heading_level`` 0 leaves out the heading."""
    return {
        "contact": load_contact_details(context.get("request")),
        "heading_level": heading_level,
    }
