"""Admin listings for vocabulary terms, shared by every app that has them."""

from __future__ import annotations

from wagtail.snippets.views.snippets import SnippetViewSet

from casestudies.models.vocabulary import Term


def term_viewset(model: type[Term], columns: tuple[str, ...] = ()) -> type:
    """A snippet viewset listing ``model``'s terms in editor order.

    Args:
        model: A ``Term`` subclass.
        columns: Listing columns after label, slug and definition.
    """
    return type(
        f"{model.__name__}ViewSet",
        (SnippetViewSet,),
        {
            "model": model,
            "icon": "tag",
            "list_display": ["label", "slug", "definition", *columns],
            "search_fields": ["label", "definition"],
            "ordering": ["sort_order", "label"],
        },
    )
