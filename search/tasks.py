"""Background indexing: content changes never wait for the search engine."""

from __future__ import annotations

import logging

from django.apps import apps
from django.conf import settings
from django_tasks import task
from wagtail.models import Page

from ehch.pagecache import content_changed
from search import es_index
from search.documents import on_pages, source_for
from search.indexing import mark_removed, save_documents, try_sync

logger = logging.getLogger(__name__)


def _sort(source, obj, documents: list, removed: list) -> None:
    """Add the document if ``obj`` is public now, else its key to ``removed``."""
    if source.is_public(obj):
        documents.append(source.document(obj))
    else:
        removed.append(source.key_for(obj))


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
    if source is None and not isinstance(obj, Page):
        return "not searchable"
    outcome = "not searchable"
    documents, removed = [], []
    if source is not None:
        _sort(source, obj, documents, removed)
        outcome = "indexed" if documents else "removed"
    if isinstance(obj, Page):
        # What is shown under the page follows it in and out of search.
        for shown_source, shown in on_pages([obj.pk]):
            _sort(shown_source, shown, documents, removed)
    save_documents(documents)
    mark_removed(removed)
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
    documents, removed, page_ids = [], [], []
    pages = Page.objects.descendant_of(root, inclusive=True).specific()
    for page in pages.iterator(chunk_size=200):
        page_ids.append(page.pk)
        source = source_for(page)
        if source is not None:
            _sort(source, page, documents, removed)
    for shown_source, shown in on_pages(page_ids):
        _sort(shown_source, shown, documents, removed)
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
