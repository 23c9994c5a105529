"""Wagtail page types owned by the CMS: the home page and standard pages."""

from __future__ import annotations

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.blocks import BaseStreamBlock
from cms.routes import VISITOR_ROUTES


class HomePage(Page):
    """The site's root page: what the network is and where to go next."""

    intro = models.TextField(
        help_text="One plain paragraph saying what the network is and who it is for.",
    )
    body = StreamField(BaseStreamBlock(), blank=True, use_json_field=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):  # noqa: D102
        context = super().get_context(request, *args, **kwargs)
        context["routes"] = VISITOR_ROUTES
        return context


class StandardPage(Page):
    """A plain page such as About, Privacy, Accessibility or Terms."""

    intro = models.TextField(
        blank=True,
        help_text="A short summary shown under the title and in search results.",
    )
    body = StreamField(BaseStreamBlock(), blank=True, use_json_field=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = "standard page"
