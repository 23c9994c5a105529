"""Template tags: the "we tried this" section of a page, and a member's reports."""

from __future__ import annotations

from django import template

from impact.models import TriedReport
from impact.tried import shown_on

register = template.Library()


@register.inclusion_tag("impact/includes/tried_here.html")
def tried_here(page) -> dict:
    """The published reports under ``page`` and the link to add one (one query)."""
    reports = shown_on(page) if page.pk else []
    areas = {report.area.strip().casefold() for report in reports}
    return {"page": page, "reports": reports, "area_count": len(areas)}


@register.inclusion_tag("impact/includes/tried_by.html")
def tried_by(member, is_own: bool = False) -> dict:
    """The reports a member published on public pages, for their profile."""
    reports = TriedReport.objects.public().filter(member=member)
    return {
        "reports": list(reports.select_related("page").order_by("-started_on")),
        "is_own": is_own,
    }
