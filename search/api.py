"""Small public functions other apps call to keep search in step."""

from __future__ import annotations

from collections.abc import Iterable

from search.documents import source_for
from search.indexing import mark_removed, save_documents, try_sync


def index_now(objects: Iterable[object], assume_public: bool = False) -> int:
    """Index these objects at once (for bulk-made content that sent no signals).

    Objects that are not public are taken out of search instead; a caller that
    passes a queryset already limited to public objects may skip that check.
    """
    documents, gone = [], []
    for obj in objects:
        source = source_for(obj)
        if source is None:
            continue
        if assume_public or source.is_public(obj):
            documents.append(source.document(obj))
        else:
            gone.append(source.key_for(obj))
    save_documents(documents)
    if gone:
        mark_removed(gone)
    try_sync()
    return len(documents)
