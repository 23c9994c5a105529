"""What every JSON and CSV answer of the site shares.

- One error body for every bad parameter at every machine-readable door::

      {"error": {"code": "bad_parameter", "parameter": "page",
                 "message": "The page number must be a whole number."}}

  with status 400, so a client reads one shape whatever it got wrong.
- Absolute links on ``SITE_URL`` (``cms.site_address``), ``next`` and
  ``previous`` links for paginated lists, and a ``meta`` block saying where the
  data comes from, when it was made, how to cite it and which filters made it.
- CSV that opens cleanly in Excel on Windows: a UTF-8 byte-order mark, headers
  people read, numbers left as numbers, and text that a spreadsheet would run
  as a formula defused with a leading apostrophe.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpResponse, JsonResponse
from django.utils import timezone

from cms.site_address import absolute_url

BAD_PARAMETER = "bad_parameter"
# Excel on Windows reads a CSV as the local code page unless it starts with this.
BYTE_ORDER_MARK = "\ufeff"
# Spreadsheets run a cell starting with these as a formula (CSV injection).
FORMULA_STARTS = {"=", "+", "-", "@", "\t", "\r"}


def bad_parameter(parameter: str, message: str) -> JsonResponse:
    """The one 400 answer for a parameter that cannot be used.

    Args:
        parameter: the query parameter at fault, e.g. ``page`` or ``format``.
        message: a plain English sentence saying what is wrong and what to do.
    """
    return JsonResponse(
        {
            "error": {
                "code": BAD_PARAMETER,
                "parameter": parameter,
                "message": message,
            }
        },
        status=400,
    )


def form_error(form: forms.Form, non_field_parameter: str = "format") -> JsonResponse:
    """:func:`bad_parameter` for the first field of ``form`` that failed.

    Errors that belong to no field (``add_error(None, …)``) are reported
    against ``non_field_parameter``.
    """
    for name, errors in form.errors.items():
        parameter = non_field_parameter if name == NON_FIELD_ERRORS else name
        return bad_parameter(parameter, " ".join(str(e) for e in errors))
    raise ValueError("form_error() needs a form with errors")


def unknown_format(value: str, offered: Sequence[str]) -> JsonResponse:
    """:func:`bad_parameter` for a ``format`` this door does not offer."""
    choices = ", ".join(offered[:-1]) + " or " + offered[-1]
    shown = value[:40]
    return bad_parameter(
        "format", f"“{shown}” is not a format we offer here. Use {choices}."
    )


def page_link(path: str, params: Iterable[tuple[str, str]], page: int) -> str:
    """The absolute address of page ``page`` of the list at ``path``."""
    pairs = [(k, v) for k, v in params if k != "page"]
    if page > 1:
        pairs.append(("page", str(page)))
    return absolute_url(path + ("?" + urlencode(pairs) if pairs else ""))


def pagination_links(
    path: str, params: Iterable[tuple[str, str]], page: int, num_pages: int
) -> dict[str, str | None]:
    """``next`` and ``previous`` absolute links; None at either end."""
    params = list(params)
    return {
        "next": page_link(path, params, page + 1) if page < num_pages else None,
        "previous": page_link(path, params, page - 1) if page > 1 else None,
    }


def provenance(
    *, title: str, address: str, count: int, filters: Mapping[str, object]
) -> dict[str, object]:
    """The ``meta`` block: source, when made, how to cite, total and filters.

    Args:
        title: what the list is, e.g. "Case studies".
        address: the list's absolute address with its filters (no page).
        count: how many items match in all (every page).
        filters: the validated filters that made the list, by parameter name.
    """
    generated = timezone.now().replace(microsecond=0)
    site = settings.WAGTAIL_SITE_NAME
    return {
        "source": site,
        "source_url": absolute_url("/"),
        "list": title,
        "url": address,
        "generated_at": generated.isoformat(),
        "count": count,
        "filters": dict(filters),
        "how_to_cite": (
            f"{site}. {title}. {address} (retrieved {generated.date().isoformat()})."
        ),
    }


def spreadsheet_cell(value: object) -> object:
    """A value ready for a CSV cell: numbers stay numbers, text is defused.

    Numbers and dates are written as themselves (a spreadsheet reads them as
    numbers and dates); text starting with a formula character gets a leading
    apostrophe so that a spreadsheet shows it instead of running it.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text


def csv_response(
    filename: str, headers: Sequence[str], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    """A CSV download that opens cleanly in Excel, LibreOffice and Numbers."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(BYTE_ORDER_MARK)
    writer = csv.writer(response)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([spreadsheet_cell(cell) for cell in row])
    return response
