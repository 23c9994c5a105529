"""Wagtail page types owned by the CMS.

The tree is: HomePage at /, StandardPage children (about, privacy, …), the
GuidanceIndexPage at /guidance/ with GuidancePage children, and the
LeadershipResourceIndexPage at /leadership/ with LeadershipResourcePage
children. Parent/child rules keep editors from putting a page in the wrong place.
"""

from __future__ import annotations

from django import forms
from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from cms.blocks import BaseStreamBlock
from cms.models.snippets import Audience, LeadershipLevel, Topic
from cms.routes import VISITOR_ROUTES
from cms.routing import PathRoutingMixin, ViewRestrictionsMixin
from cms.visibility import PublicPageQuerySet


class HomePage(PathRoutingMixin, ViewRestrictionsMixin, Page):
    """The site's root page: what the network is and where to go next."""

    intro = models.TextField(
        help_text="One plain paragraph saying what the network is and who it is for.",
    )
    body = StreamField(
        BaseStreamBlock(),
        blank=True,
        use_json_field=True,
        help_text="Optional sections shown under the introduction, above the "
        "featured case studies.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        InlinePanel(
            "featured_case_studies",
            heading="Featured case studies",
            label="Case study",
            max_num=4,
            help_text=(
                "Pick up to four. Leave empty to show the newest case studies. "
                "Unpublished ones are skipped."
            ),
        ),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):  # noqa: D102
        from cms.home import home_sections

        context = super().get_context(request, *args, **kwargs)
        context["routes"] = VISITOR_ROUTES
        context.update(home_sections(self))
        return context


class HomePageFeaturedCaseStudy(Orderable):
    """A case study an editor chose to show on the home page."""

    home = ParentalKey(
        HomePage, on_delete=models.CASCADE, related_name="featured_case_studies"
    )
    case_study = models.ForeignKey(
        "casestudies.CaseStudyPage",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Choose a published case study to show on the home page.",
    )

    panels = [FieldPanel("case_study")]

    class Meta(Orderable.Meta):
        verbose_name = "featured case study"


class StandardPage(ViewRestrictionsMixin, Page):
    """A plain page such as About, Privacy, Accessibility or Terms."""

    intro = models.TextField(
        blank=True,
        help_text="A short summary shown under the title and in search results.",
    )
    body = StreamField(
        BaseStreamBlock(),
        blank=True,
        use_json_field=True,
        help_text="The page's text. Start sections with a level 2 heading.",
    )

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


# The relations that tag a guidance page or leadership resource.
TAG_RELATIONS = ("audiences", "topics", "levels")


class TaggedPageQuerySet(PublicPageQuerySet):
    """Queries shared by guidance pages and leadership resources."""

    def published(self) -> TaggedPageQuerySet:
        """Pages a visitor may see: live and not behind a privacy restriction."""
        return self.live().public()

    def tagged(self, facet_field: str, slugs: list[str]) -> TaggedPageQuerySet:
        """Pages tagged with any of ``slugs`` in one vocabulary (a subquery, no dupes).

        Args:
            facet_field: ``audiences``, ``topics`` or ``levels``.
            slugs: Term slugs; pages with any of them match.

        Returns:
            The narrowed queryset.
        """
        matching = self.model.objects.filter(**{f"{facet_field}__slug__in": slugs})
        return self.filter(pk__in=matching.values("pk"))

    def newest_first(self) -> TaggedPageQuerySet:
        """Most recently first-published first."""
        return self.order_by(
            models.F("first_published_at").desc(nulls_last=True), "-pk"
        )


TaggedPageManager = PageManager.from_queryset(TaggedPageQuerySet)


class TaggedContentPage(ViewRestrictionsMixin, Page):
    """Fields shared by guidance and leadership resources (an abstract base)."""

    summary = models.TextField(
        max_length=400,
        help_text="One or two plain sentences for lists, search and sharing.",
    )
    body = StreamField(
        BaseStreamBlock(),
        use_json_field=True,
        help_text="The guidance itself. Start sections with a level 2 heading; "
        "keep sentences short.",
    )
    audiences = ParentalManyToManyField(
        Audience, blank=True, related_name="+", help_text="Who this is written for."
    )
    topics = ParentalManyToManyField(
        Topic,
        blank=True,
        related_name="+",
        help_text="What it is about. Readers filter the list by topic.",
    )
    levels = ParentalManyToManyField(
        LeadershipLevel,
        blank=True,
        related_name="+",
        verbose_name="leadership levels",
        help_text="Front line, service or system: who can use it. Readers "
        "filter by it.",
    )

    objects = TaggedPageManager()

    tag_panel = MultiFieldPanel(
        # Tick boxes, not a Ctrl-click multi-select (issue 16).
        [
            FieldPanel("audiences", widget=forms.CheckboxSelectMultiple),
            FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
            FieldPanel("levels", widget=forms.CheckboxSelectMultiple),
        ],
        heading="Who and what it is for",
    )
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):  # noqa: D102
        from casestudies.terms import prefetch_terms

        context = super().get_context(request, *args, **kwargs)
        if not getattr(request, "is_preview", False):
            # Previews hold unsaved terms in memory; saved pages load all three
            # vocabularies in one query.
            prefetch_terms([self], TAG_RELATIONS)
        parent = self.get_parent()
        context["breadcrumbs"] = [("/", "Home"), (parent.url, parent.title)]
        return context


class GuidanceIndexPage(ViewRestrictionsMixin, Page):
    """The guidance list at /guidance/, filterable by audience, topic and level."""

    intro = models.TextField(blank=True, help_text="Shown above the list.")

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.GuidancePage"]
    max_count = 1

    class Meta:
        verbose_name = "guidance index"

    def serve(self, request, *args, **kwargs):
        """Render the filtered, paginated list (400 for filters we do not know)."""
        from cms.views import tagged_list

        return tagged_list(request, self, GuidancePage)


class GuidancePage(TaggedContentPage):
    """Practical guidance on one theme, such as engaging GPs or measuring impact."""

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        TaggedContentPage.tag_panel,
        FieldPanel("body"),
    ]
    parent_page_types = ["cms.GuidanceIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "guidance page"


class ResourceKind(models.TextChoices):
    """What kind of leadership resource a page offers."""

    TOOL = "tool", "Tool"
    TEMPLATE = "template", "Template"
    EXERCISE = "exercise", "Exercise"


class LeadershipResourceIndexPage(ViewRestrictionsMixin, Page):
    """Leadership resources at /leadership/, grouped by leadership level."""

    intro = models.TextField(blank=True, help_text="Shown above the list.")

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.LeadershipResourcePage"]
    max_count = 1

    class Meta:
        verbose_name = "leadership resource index"

    def serve(self, request, *args, **kwargs):
        """Render the filtered list, grouped by level (400 for unknown filters)."""
        from cms.views import tagged_list

        return tagged_list(request, self, LeadershipResourcePage)


class LeadershipResourcePage(TaggedContentPage):
    """A tool, template or exercise for leaders at one or more levels."""

    kind = models.CharField(
        max_length=20,
        choices=ResourceKind.choices,
        default=ResourceKind.TOOL,
        help_text="Tool, template or exercise.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("summary"),
        TaggedContentPage.tag_panel,
        FieldPanel("body"),
    ]
    parent_page_types = ["cms.LeadershipResourceIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "leadership resource"
