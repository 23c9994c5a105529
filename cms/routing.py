"""Serving a page with a fixed, small number of queries, however deep it is.

Wagtail finds ``/case-studies/some-area/`` by asking each page in turn for
its child with the next slug and then loading that child's specific object
(two queries per level), and checks privacy with two more (the ancestors, then
their restrictions). Every uncached page view paid for that.

``PathRoutingMixin`` (on the site's root page) loads every page on the path in
one query by ``url_path``, which Wagtail keeps equal to the parent's
``url_path`` plus the slug, and loads only the last page's specific object.
A page on the way that routes by itself (a ``RoutablePageMixin`` page whose
own URL patterns match the rest of the path, or any page overriding ``route``)
still gets to route, exactly as Wagtail would let it.

``ViewRestrictionsMixin`` checks the page and its ancestors for privacy
restrictions in one query: the ancestors' paths are prefixes of the page's own.
An alias on the path takes its source's restrictions instead of its own, so
when the router has not seen the whole path free of aliases, Wagtail's own
two-query check runs.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.urls import Resolver404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, PageViewRestriction
from wagtail.url_routing import RouteResult


def _routes_itself(page_class: type[Page] | None, remaining: list[str]) -> bool:
    """Whether a page of ``page_class`` would answer ``remaining`` by itself."""
    if page_class is None or page_class.route in (Page.route, PathRoutingMixin.route):
        return False
    if issubclass(page_class, RoutablePageMixin) and (
        page_class.route is RoutablePageMixin.route
    ):
        try:
            page_class.get_resolver().resolve("/" + "/".join(remaining) + "/")
        except Resolver404:
            return False  # not one of its own URLs: a child page, as usual
        return True
    return True  # a custom route(): let the page decide


def specific_for_serving(page: Page) -> Page:
    """The specific page, with the relations its template always shows joined.

    A page class may name them in ``serve_select_related`` (foreign keys only).
    """
    model = page.specific_class
    if model is None or isinstance(page, model):
        return page
    related = getattr(model, "serve_select_related", ())
    if not related:
        return page.specific
    specific = model._default_manager.select_related(*related).get(pk=page.pk)
    if "_cached_parent_obj" in page.__dict__:
        specific._cached_parent_obj = page._cached_parent_obj
    return specific


class PathRoutingMixin:
    """Route from this page to any descendant with one query for the path."""

    def route(self, request, path_components: list[str]) -> RouteResult:  # noqa: D102
        if not path_components:
            # The tree's root (above this page) is never an alias.
            self._path_is_alias_free = not self.alias_of_id
            return super().route(request, path_components)
        prefixes = [
            self.url_path + "/".join(path_components[: depth + 1]) + "/"
            for depth in range(len(path_components))
        ]
        on_path = {
            page.url_path: page
            for page in Page.objects.filter(
                url_path__in=prefixes, path__startswith=self.path, depth__gt=self.depth
            )
        }
        parent: Any = self
        alias_free = not self.alias_of_id
        for depth, url_path in enumerate(prefixes):
            if depth and _routes_itself(parent.specific_class, path_components[depth:]):
                return _serve(parent, alias_free).route(
                    request, path_components[depth:]
                )
            child = on_path.get(url_path)
            if child is None or child.depth != parent.depth + 1:
                raise Http404
            # As Wagtail does: the parent is known, so get_parent() costs nothing.
            child._cached_parent_obj = parent
            alias_free = alias_free and not child.alias_of_id
            parent = child
        return _serve(parent, alias_free).route(request, [])


def _serve(page: Page, alias_free: bool) -> Page:
    specific = specific_for_serving(page)
    # Every page from the root to here was seen: say whether any is an alias.
    specific._path_is_alias_free = alias_free
    return specific


class ViewRestrictionsMixin:
    """``get_view_restrictions()`` in one query instead of two."""

    def get_view_restrictions(self):  # noqa: D102
        if not getattr(self, "_path_is_alias_free", False):
            # Not routed by PathRoutingMixin, or an alias on the path: an alias
            # uses its source's restrictions (and ignores any of its own).
            return super().get_view_restrictions()
        steps = range(1, self.depth + 1)
        paths = [self.path[: step * self.steplen] for step in steps]
        return PageViewRestriction.objects.filter(page__path__in=paths)
