"""Signals that keep the index in step with publishing and moderation.

Also a member's saved searches in their download, and their removal when
the member deletes their account.
"""

from __future__ import annotations

import logging

from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from search.documents import source_for
from search.models import SavedSearch, SynonymGroup
from search.synonyms import forget_synonyms

logger = logging.getLogger(__name__)


# Tasks are queued inside the current transaction: with the database queue the
# task row commits or rolls back with the content change, so a worker never sees
# a change that did not happen.


def enqueue_index(obj) -> None:
    """Index ``obj`` in the background."""
    from search.tasks import index_object

    _safely(index_object.enqueue, obj._meta.label, obj.pk)


def enqueue_remove(keys: list[str]) -> None:
    """Remove keys from search in the background."""
    from search.tasks import remove_keys

    _safely(remove_keys.enqueue, keys)


def _safely(enqueue, *args) -> None:
    # The request that changed content must not fail because indexing did.
    try:
        enqueue(*args)
    except Exception:  # noqa: BLE001
        logger.exception("could not queue search indexing for %s", args)


def enqueue_section(page_pk: int) -> None:
    """Re-check a page and its subtree in the background (its privacy changed)."""
    from search.tasks import index_section

    _safely(index_section.enqueue, page_pk)


def _restriction_changed(sender, instance, **kwargs) -> None:
    # Wagtail sends no signal of its own when privacy changes: its privacy
    # view, page copies and aliases all save or delete a PageViewRestriction.
    enqueue_section(instance.page_id)


def _page_changed(sender, instance, **kwargs) -> None:
    enqueue_index(instance)


def _page_moved(sender, instance, **kwargs) -> None:
    for page in Page.objects.descendant_of(instance, inclusive=True).live():
        enqueue_index(page)


def _deleted(sender, instance, **kwargs) -> None:
    source = source_for(instance)
    if source is not None:
        enqueue_remove([source.key_for(instance)])


def _post_saved(sender, instance, **kwargs) -> None:
    enqueue_index(instance)


# What a topic lends its posts' search documents: whether they may be found
# (approved), where they link (forum, slug) and their title (subject).
TOPIC_FIELDS_IN_POSTS = ("approved", "forum_id", "subject", "slug")


def _topic_before_save(sender, instance, **kwargs) -> None:
    instance._search_fields_before = (
        sender.objects.filter(pk=instance.pk).values(*TOPIC_FIELDS_IN_POSTS).first()
        if instance.pk
        else None
    )


def _topic_saved(sender, instance, created=False, **kwargs) -> None:
    # machina approves (or moves) a topic after its posts are saved, and a
    # post is searchable only in an approved topic: re-check every post when
    # something its documents show changed. machina also saves the topic on
    # every reply (counts, last post); re-queueing every post then grew the
    # task queue with the square of the replies (found by the cluster drill),
    # and the reply itself is queued by _post_saved.
    before = getattr(instance, "_search_fields_before", None)
    now = {field: getattr(instance, field) for field in TOPIC_FIELDS_IN_POSTS}
    if not created and before == now:
        return
    for post in instance.posts.all():
        enqueue_index(post)


def _statement_changed(sender, submission, **kwargs) -> None:
    enqueue_index(submission)


def connect() -> None:
    """Connect every receiver; called from the app's ready()."""
    from django.apps import apps
    from machina.apps.forum_conversation.models import Post, Topic

    if apps.is_installed("cms.voices"):
        from cms.voices.signals import statement_published, statement_unpublished

        statement_published.connect(
            _statement_changed, dispatch_uid="search-statement-pub"
        )
        statement_unpublished.connect(
            _statement_changed, dispatch_uid="search-statement-unpub"
        )

    from ehch.accounts.signals import member_data_requested, member_deleted

    member_data_requested.connect(export_saved_searches, dispatch_uid="search-export")
    member_deleted.connect(erase_saved_searches, dispatch_uid="search-erase")
    page_published.connect(_page_changed, dispatch_uid="search-page-published")
    page_unpublished.connect(_page_changed, dispatch_uid="search-page-unpublished")
    post_page_move.connect(_page_moved, dispatch_uid="search-page-moved")
    post_delete.connect(_deleted, dispatch_uid="search-deleted")
    post_save.connect(
        _restriction_changed,
        sender=PageViewRestriction,
        dispatch_uid="search-restriction-saved",
    )
    post_delete.connect(
        _restriction_changed,
        sender=PageViewRestriction,
        dispatch_uid="search-restriction-deleted",
    )
    post_save.connect(_post_saved, sender=Post, dispatch_uid="search-forum-post")
    pre_save.connect(
        _topic_before_save, sender=Topic, dispatch_uid="search-forum-topic-before"
    )
    post_save.connect(_topic_saved, sender=Topic, dispatch_uid="search-forum-topic")
    post_save.connect(
        forget_synonyms, sender=SynonymGroup, dispatch_uid="search-synonyms"
    )
    post_delete.connect(
        forget_synonyms, sender=SynonymGroup, dispatch_uid="search-synonyms-del"
    )


def export_saved_searches(sender, user, **kwargs) -> dict:
    """The member's saved searches, for their download (``member_data_requested``)."""
    return {
        "saved_searches": [
            {
                "description": saved.description,
                "scope": saved.get_scope_display(),
                "filters": saved.querystring,
                "emails_on": saved.active,
                "created_at": saved.created_at.isoformat(),
                "last_checked_at": saved.last_checked_at.isoformat(),
            }
            for saved in SavedSearch.objects.filter(user=user).order_by("pk")
        ]
    }


def erase_saved_searches(sender, user, **kwargs) -> None:
    """Delete the member's saved searches, so no alert is sent (``member_deleted``)."""
    SavedSearch.objects.filter(user=user).delete()
