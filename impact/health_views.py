"""Reports → Community health: the monthly figures as tables, and as CSV."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from wagtail.admin.auth import permission_denied

from ehch.exports import csv_response
from ehch.numbers import parse_int

from .health import MAX_MONTHS, community_health, figures, months_ending

VIEW = "impact.view_community_health"
DEFAULT_MONTHS = 12


def can_view(user) -> bool:
    """True for those who see the network's figures (moderators, editors)."""
    return user.has_perm(VIEW)


def _cells(figure, months) -> list[tuple]:
    """(the value, the length of its bar out of 100) for each month's cell."""
    largest = max((v for v in figure.values.values() if v), default=0)
    cells = []
    for month in months:
        value = figure.value(month)
        cells.append((value, round(100 * value / largest) if value and largest else 0))
    return cells


def community_health_report(request: HttpRequest) -> HttpResponse:
    """The last ``months`` calendar months (default 12, at most 36)."""
    if not can_view(request.user):
        return permission_denied(request)
    raw = request.GET.get("months", "")
    count = parse_int(raw, minimum=1, maximum=MAX_MONTHS) if raw else DEFAULT_MONTHS
    problem = ""
    if count is None:
        problem = f"Choose from 1 to {MAX_MONTHS} months; showing {DEFAULT_MONTHS}."
        count = DEFAULT_MONTHS
    months = months_ending(timezone.localdate(), count)
    sections = community_health(months)
    if request.GET.get("format") == "csv" and not problem:
        every = figures(sections)
        return csv_response(
            f"community-health-{months[0]:%Y-%m}-to-{months[-1]:%Y-%m}.csv",
            [
                "Month",
                *(f.heading for f in every),
            ],
            [
                [month.strftime("%Y-%m"), *(f.value(month) for f in every)]
                for month in months
            ],
        )
    newest_first = months[::-1]
    tables = []
    for section in sections:
        columns = [_cells(figure, newest_first) for figure in section.figures]
        tables.append(
            {
                "title": section.title,
                "figures": section.figures,
                "rows": list(
                    zip(newest_first, zip(*columns, strict=True), strict=True)
                ),
            }
        )
    return render(
        request,
        "impact/admin/community_health.html",
        {"tables": tables, "months": months, "count": count, "problem": problem},
        status=400 if problem else 200,
    )
