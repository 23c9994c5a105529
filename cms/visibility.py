"""Which pages a visitor may see, in SQL rather than in Python.

Wagtail's ``PageQuerySet.public()`` first loads every privacy restriction and
then builds one condition per restricted section: one extra query each time a
list of pages is filtered, however small. ``public_q()`` asks the same question
inside the page query itself (NOT EXISTS a restriction on the page or one of its
ancestors), so a page that lists pages from several places pays nothing extra.

This is the one rule for "a restricted page is seen only by those its restriction
allows": Wagtail's serving checks the restriction on the page itself; every
other door (lists and their JSON, CSV and Atom, compare, similar case studies,
the home page, feeds, the sitemap, links in page bodies and the search index)
shows only pages outside every private section, to everyone.
"""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef, Q
from django.db.models.lookups import StartsWith
from wagtail.models import PageViewRestriction
from wagtail.query import PageQuerySet


def restricted() -> Exists:
    """True for a page in a private section: a restriction on it or an ancestor.

    A tree path starts with each of its ancestors' paths, so "the restricted
    page's path is a prefix of this page's path" covers the page and its whole
    subtree, as ``PageQuerySet.private_q`` does. Usable in ``filter`` and, to
    keep pages while knowing which are private, in ``annotate``.
    """
    restrictions = PageViewRestriction.objects.filter(
        StartsWith(OuterRef("path"), F("page__path"))
    )
    return Exists(restrictions)


def restricted_q() -> Q:
    """Pages in a private section (see ``restricted``)."""
    return Q(restricted())


def public_q() -> Q:
    """Pages outside every private section (the opposite of ``restricted_q``)."""
    return ~restricted_q()


class PublicPageQuerySet(PageQuerySet):
    """``public()`` and ``not_public()`` without the extra restriction query."""

    def public(self) -> PublicPageQuerySet:  # noqa: D102
        return self.filter(public_q())

    def not_public(self) -> PublicPageQuerySet:  # noqa: D102
        return self.filter(restricted_q())
