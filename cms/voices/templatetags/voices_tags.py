"""Template tags for the residents' space: theme pictures and case-study links."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from cms.voices.models import CaseStudyResponse, Status, Symbol, Theme

register = template.Library()

SYMBOLS_DIR = Path(__file__).resolve().parent.parent / "static" / "voices" / "symbols"


@lru_cache(maxsize=32)
def _svg(symbol: str) -> str:
    if symbol not in Symbol.values:
        symbol = Symbol.SPEECH
    svg = (SYMBOLS_DIR / f"{symbol}.svg").read_text(encoding="utf-8").strip()
    # Decorative: the theme's words are always beside it.
    return svg.replace(
        "<svg ", '<svg aria-hidden="true" focusable="false" role="presentation" ', 1
    )


@register.simple_tag
def theme_symbol(theme: Theme) -> SafeString:
    """The theme's picture, inline so it takes the text colour (and forced colours)."""
    return format_html(
        '<span class="voices-symbol">{}</span>',
        mark_safe(_svg(theme.symbol)),  # noqa: S308 - our own static file
    )


@register.simple_tag
def statements_for_case_study(page) -> list[CaseStudyResponse]:
    """The public statements a case study responds to, with the editor's notes."""
    return list(
        CaseStudyResponse.objects.filter(
            case_study=page,
            statement__status=Status.APPROVED,
            statement__consent_to_publish=True,
        )
        .select_related("statement")
        .prefetch_related("statement__themes")
    )
