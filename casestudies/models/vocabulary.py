"""Controlled vocabularies that classify case studies; editable as snippets.

Each term's slug appears in URLs (`/case-studies/?challenge=engaging-gps`), so
it is fixed once the term exists; editors change the label and definition.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel


class TermQuerySet(models.QuerySet):
    """Queries shared by every vocabulary."""

    def by_slugs(self, slugs: list[str]) -> TermQuerySet:
        """Return the terms whose slugs are listed."""
        return self.filter(slug__in=slugs)


class Term(models.Model):
    """One term of a controlled vocabulary."""

    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="Appears in web addresses; cannot be changed once saved.",
    )
    label = models.CharField(max_length=120, help_text="What readers see.")
    definition = models.CharField(
        max_length=300, help_text="One plain-English line explaining the term."
    )
    authoritative = models.BooleanField(
        default=True,
        help_text="Untick for an editorial or unverified term that needs checking.",
    )
    sort_order = models.PositiveSmallIntegerField(
        default=0,
        help_text="Terms are listed from the lowest number; equal numbers go "
        "in alphabetical order.",
    )

    objects = TermQuerySet.as_manager()

    panels = [
        FieldPanel("label"),
        FieldPanel("slug"),
        FieldPanel("definition"),
        FieldPanel("authoritative"),
        FieldPanel("sort_order"),
    ]

    # The URL parameter and the case study field that each vocabulary filters.
    facet: str = ""

    class Meta:
        abstract = True
        ordering = ["sort_order", "label"]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        """Keep slugs stable: they are part of shared links."""
        super().clean()
        if self.pk:
            saved = (
                type(self)
                .objects.filter(pk=self.pk)
                .values_list("slug", flat=True)
                .first()
            )
            if saved and saved != self.slug:
                raise ValidationError(
                    {"slug": f"The slug is part of shared links and stays “{saved}”."}
                )


class Approach(Term):
    """How the work began: a system-wide plan, or bottom-up from motivated people."""

    facet = "approach"

    class Meta(Term.Meta):
        verbose_name = "approach (how it began)"
        verbose_name_plural = "approaches (how it began)"


class Rollout(Term):
    """How care homes were brought in: targeted, a pilot group, or open to all."""

    facet = "rollout"

    class Meta(Term.Meta):
        verbose_name = "rollout (how homes were brought in)"
        verbose_name_plural = "rollouts (how homes were brought in)"


class ResourcingLevel(Term):
    """How much dedicated money or staff time the work had."""

    facet = "resourcing"

    class Meta(Term.Meta):
        verbose_name = "resourcing level"


class ChallengeType(Term):
    """A kind of difficulty an area met on the way."""

    facet = "challenge"

    class Meta(Term.Meta):
        verbose_name = "challenge type"


class LeadOrganisationType(Term):
    """The kind of organisation that led the work."""

    facet = "lead"

    class Meta(Term.Meta):
        verbose_name = "lead organisation type"


class CareElement(Term):
    """A care element of NHS England's enhanced health in care homes framework."""

    facet = "element"

    class Meta(Term.Meta):
        verbose_name = "framework care element"


class Region(Term):
    """An NHS England region."""

    facet = "region"

    class Meta(Term.Meta):
        verbose_name = "NHS England region"


class OutcomeMeasure(Term):
    """What an outcome measured (emergency admissions, falls...).

    Lets one area's result be set beside another's. Not a search filter.
    """

    facet = "measure"

    class Meta(Term.Meta):
        verbose_name = "outcome measure"


VOCABULARIES: dict[str, type[Term]] = {
    model.facet: model
    for model in [
        Approach,
        Rollout,
        ResourcingLevel,
        ChallengeType,
        LeadOrganisationType,
        CareElement,
        Region,
    ]
}
