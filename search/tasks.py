"""Background indexing: content changes never wait for the search engine."""

from __future__ import annotations

import logging

from django.apps import apps
from django.conf import settings
from django_tasks import task
from wagtail.models import Page

from ehch.pagecache import content_changed
from search import es_index
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
    # Pages cached while this task waited in the queue were built from the old
    # index: a list that still showed an unpublished page must not live on.
    content_changed()
    return outcome


@task()
def index_section(page_pk: int) -> dict[str, int]:
    """Re-check a page and every page below it: its privacy changed.

    A restriction on a page covers its whole subtree, so adding, editing or
    removing one can make any descendant private or public again. Each page is
    indexed when public now and taken out of search when not; Elasticsearch is
    refreshed so that the change shows at once, and cached pages are emptied.
    """
    root = Page.objects.filter(pk=page_pk).first()
    if root is None:
        return {"indexed": 0, "removed": 0}
    documents, removed = [], []
    pages = Page.objects.descendant_of(root, inclusive=True).specific()
    for page in pages.iterator(chunk_size=200):
        source = source_for(page)
        if source is None:
            continue
        if source.is_public(page):
            documents.append(source.document(page))
        else:
            removed.append(source.key_for(page))
    save_documents(documents)
    mark_removed(removed)
    if try_sync() and settings.ELASTICSEARCH_URL:
        try:
            es_index.refresh()
        except es_index.ES_ERRORS as exc:
            logger.warning("Elasticsearch refresh postponed: %s", exc)
    content_changed()
    return {"indexed": len(documents), "removed": len(removed)}


@task()
def remove_keys(keys: list[str]) -> int:
    """Take these index keys out of search."""
    removed = mark_removed(keys)
    try_sync()
    content_changed()
    return removed


@task()
def sync_pending() -> bool:
    """Push whatever Elasticsearch missed while it was away."""
    return try_sync()
