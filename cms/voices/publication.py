"""What the public sees: approved statements, grouped by theme.

Search and the home page can use ``published_statements()`` (or
``Submission.objects.published()``) as the public queryset.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q, Window
from django.db.models.functions import RowNumber

from cms.visibility import public_q

from .models import Status, Submission, Theme, ThemeSynthesisPage
from .responses import responses_prefetch

INDEX_PER_THEME = 3


def published_statements():
    """Public statements, newest first, ready to render (themes, region, counts)."""
    return (
        Submission.objects.published()
        .select_related("region")
        .prefetch_related("themes", responses_prefetch())
        .with_agreement_counts()
        .order_by("-published_at", "-pk")
    )


@dataclass
class ThemeSection:
    """One theme on the index page: a few statements and how many there are."""

    theme: Theme
    statements: list[Submission]
    total: int
    responded: int


def themes_with_counts():
    """Themes with ``total`` public statements and how many have a ``responded``.

    Distinct counts: the responses join repeats a statement per response.
    (Meta.ordering does not apply to an aggregate query: order explicitly.)
    """
    public = Q(
        submissions__status=Status.APPROVED, submissions__consent_to_publish=True
    )
    return Theme.objects.annotate(
        total=Count("submissions", filter=public, distinct=True),
        responded=Count(
            "submissions",
            filter=public & Q(submissions__responses__isnull=False),
            distinct=True,
        ),
    )


def theme_sections(limit: int = INDEX_PER_THEME) -> list[ThemeSection]:
    """Every theme with its newest ``limit`` statements and its total.

    Four queries however many themes there are: the themes with their totals,
    the newest ``limit`` per theme (ranked with a window function), those
    statements, and their themes.
    """
    themes = list(themes_with_counts().order_by(*Theme._meta.ordering))
    newest = (
        Submission.themes.through.objects.filter(
            submission__in=Submission.objects.published()
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("theme_id"),
                order_by=[
                    F("submission__published_at").desc(),
                    F("submission_id").desc(),
                ],
            )
        )
        .filter(rank__lte=limit)
        .values_list("theme_id", "submission_id", "rank")
    )
    picked: dict[int, list[tuple[int, int]]] = {}
    for theme_id, submission_id, rank in newest:
        picked.setdefault(theme_id, []).append((rank, submission_id))
    wanted = {pk for pairs in picked.values() for _rank, pk in pairs}
    statements = published_statements().in_bulk(wanted)
    return [
        ThemeSection(
            theme=theme,
            statements=[
                statements[pk]
                for _rank, pk in sorted(picked.get(theme.pk, []))
                if pk in statements
            ],
            total=theme.total,
            responded=theme.responded,
        )
        for theme in themes
    ]


def synthesis_for(theme: Theme) -> ThemeSynthesisPage | None:
    """The live, public synthesis page for ``theme`` (the newest, if several).

    The theme's page shows the synthesis at its own address, outside Wagtail's
    serving, so a synthesis behind a privacy restriction is left out here.
    """
    return (
        ThemeSynthesisPage.objects.live()
        .filter(public_q(), theme=theme)
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
