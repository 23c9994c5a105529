"""What the public sees: approved statements, grouped by theme.

Search and the home page can use ``published_statements()`` (or
``Submission.objects.published()``) as the public queryset.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Submission, Theme, ThemeSynthesisPage

INDEX_PER_THEME = 3


def published_statements():
    """Public statements, newest first, ready to render (themes, region, counts)."""
    return (
        Submission.objects.published()
        .select_related("region")
        .prefetch_related("themes")
        .with_agreement_counts()
        .order_by("-published_at", "-pk")
    )


@dataclass
class ThemeSection:
    """One theme on the index page: a few statements and how many there are."""

    theme: Theme
    statements: list[Submission]
    total: int


def theme_sections(limit: int = INDEX_PER_THEME) -> list[ThemeSection]:
    """Every theme with its newest ``limit`` statements (one query per theme)."""
    sections = []
    for theme in Theme.objects.all():
        statements = published_statements().for_theme(theme)
        sections.append(
            ThemeSection(
                theme=theme,
                statements=list(statements[:limit]),
                total=Submission.objects.published().for_theme(theme).count(),
            )
        )
    return sections


def synthesis_for(theme: Theme) -> ThemeSynthesisPage | None:
    """The live synthesis page written for ``theme`` (the newest, if several)."""
    return (
        ThemeSynthesisPage.objects.live()
        .filter(theme=theme)
        .order_by("-last_published_at")
        .first()
    )


def statements_in(synthesis: ThemeSynthesisPage | None) -> list[Submission]:
    """The public statements a synthesis links to (drafts may hold stale links)."""
    if synthesis is None:
        return []
    ids = [statement.pk for statement in synthesis.statements.all()]
    statements = Submission.objects.published().filter(pk__in=ids)
    return list(statements.prefetch_related("themes"))
