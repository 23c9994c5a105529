"""The editors' synonym groups, as stemmed phrases, cached briefly."""

from __future__ import annotations

from django.core.cache import cache

from search.query import Phrase

CACHE_KEY = "search:synonym-groups"
CACHE_SECONDS = 60  # other processes see an edit within a minute


def synonym_groups() -> list[list[Phrase]]:
    """Every synonym group as a list of stemmed phrases."""
    groups = cache.get(CACHE_KEY)
    if groups is None:
        from search.models import SynonymGroup

        groups = [group.phrases() for group in SynonymGroup.objects.all()]
        cache.set(CACHE_KEY, groups, CACHE_SECONDS)
    return groups


def forget_synonyms(**_kwargs) -> None:
    """Drop the cached groups (connected to the model's save and delete)."""
    cache.delete(CACHE_KEY)
