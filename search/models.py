"""The search app's own data: editable synonyms and the database search index.

``IndexEntry`` is the source of truth for what is searchable. The database
engine queries it directly; Elasticsearch is kept as a replica of it, so the
site can answer from the database when Elasticsearch is away and push what it
missed once it is back (entries marked ``es_dirty``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from wagtail.admin.panels import FieldPanel

from search.analysis import stems


class SynonymGroup(models.Model):
    """Words and phrases that readers use for the same thing."""

    terms = models.TextField(
        help_text=(
            "Comma-separated words or phrases that mean the same, for example: "
            "GP, general practitioner, general practice, primary care. "
            "Changes apply to the next search; nothing needs re-indexing."
        )
    )
    note = models.CharField(
        max_length=200,
        blank=True,
        help_text="Optional: why these words mean the same here, for other editors.",
    )

    panels = [FieldPanel("terms"), FieldPanel("note")]

    class Meta:
        ordering = ["terms"]
        verbose_name = "synonym group"

    def __str__(self) -> str:
        return self.terms

    def phrases(self) -> list[tuple[str, ...]]:
        """Return each term as a tuple of stemmed tokens."""
        result = []
        for term in self.terms.split(","):
            tokens = tuple(stems(term))
            if tokens and tokens not in result:
                result.append(tokens)
        return result


class IndexEntry(models.Model):
    """One searchable item: a published page, an approved post or statement."""

    key = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=30, db_index=True)
    object_id = models.BigIntegerField()
    audience = models.CharField(
        max_length=20,
        default="public",
        help_text="public, or members for members-only.",
    )
    title = models.CharField(max_length=255)
    url = models.CharField(max_length=500)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    sort_title = models.CharField(max_length=255, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    stemmed_title = models.TextField(blank=True)
    stemmed_facts = models.TextField(blank=True)
    stemmed_body = models.TextField(blank=True)
    # Padded with spaces so the SQLite fallback can match whole tokens.
    stemmed_all = models.TextField(blank=True)
    display = models.JSONField(default=dict, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    es_dirty = models.BooleanField(default=True, db_index=True)
    deleted = models.BooleanField(default=False, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["kind", "deleted"])]
        verbose_name_plural = "index entries"

    def __str__(self) -> str:
        return self.key


class IndexFacet(models.Model):
    """One facet value of an entry, so both databases can filter and count facets."""

    entry = models.ForeignKey(
        IndexEntry, on_delete=models.CASCADE, related_name="facet_rows"
    )
    facet = models.CharField(max_length=30)
    value = models.CharField(max_length=80)

    class Meta:
        indexes = [models.Index(fields=["facet", "value"])]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "facet", "value"], name="unique_entry_facet"
            )
        ]

    def __str__(self) -> str:
        return f"{self.facet}={self.value}"


class SavedSearch(models.Model):
    """A member's saved search, checked at most once a day for new matches."""

    class Scope(models.TextChoices):
        CASE_STUDIES = "case_studies", "Case studies"
        SITE = "site", "Everything"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_searches",
    )
    scope = models.CharField(max_length=20, choices=Scope.choices)
    querystring = models.CharField(
        max_length=1000, help_text="The filters, as in the page's address."
    )
    description = models.CharField(max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    last_checked_at = models.DateTimeField(
        help_text="New items are those published after this."
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "scope", "querystring"], name="unique_saved_search"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.description}"
