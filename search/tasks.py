"""Background indexing: content changes never wait for the search engine."""

from __future__ import annotations

import logging

from django.apps import apps
from django_tasks import task
from wagtail.models import Page

from search.documents import source_for
from search.indexing import mark_removed, save_documents, try_sync

logger = logging.getLogger(__name__)


@task()
def index_object(model_label: str, pk: int) -> str:
    """Index one object if it is public now, or take it out of search if not."""
    model = apps.get_model(model_label)
    obj = model._default_manager.filter(pk=pk).first()
    if obj is None:
        return "gone"
    if isinstance(obj, Page):
        obj = obj.specific
    source = source_for(obj)
    if source is None:
        return "not searchable"
    if source.is_public(obj):
        save_documents([source.document(obj)])
        outcome = "indexed"
    else:
        mark_removed([source.key_for(obj)])
        outcome = "removed"
    try_sync()
    return outcome


@task()
def remove_keys(keys: list[str]) -> int:
    """Take these index keys out of search."""
    removed = mark_removed(keys)
    try_sync()
    return removed


@task()
def sync_pending() -> bool:
    """Push whatever Elasticsearch missed while it was away."""
    return try_sync()
