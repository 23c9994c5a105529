"""The case-study page, its index, and the rows (sources, outcomes) inside it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from casestudies.models.vocabulary import (
    Approach,
    CareElement,
    ChallengeType,
    LeadOrganisationType,
    Region,
    ResourcingLevel,
    Rollout,
)
from cms.blocks import RICH_TEXT_FEATURES, BaseStreamBlock
from cms.routing import ViewRestrictionsMixin
from cms.visibility import PublicPageQuerySet


class Provenance(models.TextChoices):
    """Where a case study's content comes from."""

    DOCUMENTED = "documented", "Documented: drawn from named public evaluations"
    ILLUSTRATIVE = "illustrative", "Illustrative composite: not a real area"
    SUBMITTED = "submitted", "Submitted by the area"


class Vanguard(models.TextChoices):
    """Whether the area was one of NHS England's new care models vanguards."""

    YES = "yes", "Enhanced health in care homes vanguard"
    MCP = "mcp", "Multispecialty community provider vanguard"
    NO = "no", "Not a vanguard"
    UNKNOWN = "unknown", "Not known"


class YesNoUnknown(models.TextChoices):
    """A three-way answer where 'not known' must stay visible."""

    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Not known"


class OutcomeMethod(models.TextChoices):
    """How an outcome figure was arrived at; charts never mix these unlabelled."""

    BEFORE_AFTER = "before-after", "Before and after"
    MATCHED_COMPARISON = "matched-comparison", "Matched comparison"
    LOCAL_MONITORING = "local-monitoring", "Local monitoring"


# Terms shown in the fact box: three single-valued, then four many-valued.
SINGLE_TERM_RELATIONS = ("region", "resourcing", "lead_type")
MANY_TERM_RELATIONS = ("approach", "rollout", "challenges", "elements")

# Routes of CaseStudyIndexPage; a case study with one of these slugs would be hidden.
RESERVED_SLUGS = {"compare", "regions", "feed"}

NARRATIVE_SECTIONS: list[tuple[str, str]] = [
    ("how_they_started", "How they started"),
    ("what_they_did", "What they did"),
    ("relationships_and_trust", "Relationships and trust"),
    ("leadership", "Leadership"),
    ("what_they_would_do_differently", "What they would do differently"),
]


class NarrativeBlock(BaseStreamBlock):
    """The case-study story: named sections plus the shared content blocks."""

    how_they_started = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, label="How they started"
    )
    what_they_did = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, label="What they did"
    )
    relationships_and_trust = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, label="Relationships and trust"
    )
    leadership = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label="Leadership")
    what_they_would_do_differently = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, label="What they would do differently"
    )


class CaseStudyIndexPage(RoutablePageMixin, ViewRestrictionsMixin, Page):
    """The list of case studies at /case-studies/, with compare beneath it."""

    intro = models.TextField(blank=True, help_text="Shown above the list.")

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["casestudies.CaseStudyPage"]
    max_count = 1

    class Meta:
        verbose_name = "case study index"

    @path("")
    def list_view(self, request):
        """The filtered, sorted, paginated list (HTML, or CSV with format=csv)."""
        from casestudies.views import case_study_list

        return case_study_list(request, self)

    @path("compare/")
    def compare_view(self, request):
        """Two to four case studies side by side."""
        from casestudies.views import compare

        return compare(request, self)


class CaseStudyQuerySet(PublicPageQuerySet):
    """Queries that return case studies."""

    def with_single_terms(self) -> CaseStudyQuerySet:
        """Join the single-valued terms (region, resourcing, lead type).

        For a list held in memory, load the many-valued ones with
        ``casestudies.terms.prefetch_terms`` (one query for all four).
        """
        return self.select_related(*self.model.serve_select_related)

    def with_facts(self) -> CaseStudyQuerySet:
        """Everything the fact box needs, for querysets that are iterated lazily."""
        return self.with_single_terms().prefetch_related(*MANY_TERM_RELATIONS)

    def sharing_terms_with(
        self, page: CaseStudyPage, limit: int | None = None
    ) -> CaseStudyQuerySet:
        """Other case studies ranked by how many terms they share with ``page``.

        Counts shared approach, rollout and challenge terms; a case study that
        shares none is left out. ``limit`` keeps only the best ``limit``.
        """
        shared = []
        for name in ("approach", "rollout", "challenges"):
            # .all() reuses terms already prefetched for the page being shown.
            ids = [term.pk for term in getattr(page, name).all()]
            if ids:  # an empty IN () would empty the whole query
                shared.append(
                    models.Count(
                        name, filter=models.Q(**{f"{name}__in": ids}), distinct=True
                    )
                )
        if not shared:
            return self.none()
        total = shared[0]
        for count in shared[1:]:
            total = total + count
        others = self.exclude(pk=page.pk)
        if limit is None:
            return (
                others.annotate(shared_terms=total)
                .filter(shared_terms__gt=0)
                .order_by("-shared_terms", "title")
            )
        # Rank on ids alone, then load only the winners: grouping every case
        # study's full row to sort them cost ~55 ms at 10,000; this is one
        # statement still, and the outer query groups ``limit`` rows.
        winners = (
            others.values("pk", "title")  # GROUP BY these two, not the whole row
            .annotate(shared_terms=total)
            .filter(shared_terms__gt=0)
            .order_by("-shared_terms", "title")
            .values("pk")[:limit]
        )
        return (
            self.model.objects.filter(pk__in=models.Subquery(winners))
            .annotate(shared_terms=total)
            .order_by("-shared_terms", "title")
        )


CaseStudyManager = PageManager.from_queryset(CaseStudyQuerySet)


class CaseStudyPageForm(WagtailAdminPageForm):
    """Cross-field rules that need the inline rows as well as the page."""

    def clean(self):  # noqa: D102
        cleaned = super().clean()
        if cleaned.get("provenance") != Provenance.DOCUMENTED:
            return cleaned
        sources = self.formsets.get("sources")
        # The formsets are cleaned after the form; clean them now to read them.
        if sources is not None and not sources.is_valid():
            return cleaned  # the rows' own errors say what to fix
        linked = [
            form.cleaned_data
            for form in (sources.forms if sources is not None else [])
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("url")
        ]
        if not linked:
            self.add_error(
                "provenance",
                "A documented case study needs at least one source with a link.",
            )
        return cleaned


class CaseStudyPage(ViewRestrictionsMixin, Page):
    """What one area did, how it started and was resourced, and what it measured."""

    area = models.CharField(
        max_length=200, help_text="The area's name as readers know it."
    )
    summary = models.TextField(
        help_text="One or two sentences for lists and search results."
    )
    provenance = models.CharField(
        max_length=20,
        choices=Provenance.choices,
        help_text="Where this content comes from. Shown in the fact box.",
    )
    provenance_note = models.TextField(
        blank=True, help_text="A plain sentence on the sources and their limits."
    )
    region = models.ForeignKey(
        Region,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_studies",
        help_text="The NHS region the area is in. Readers filter the list by it.",
    )
    lead_organisation = models.CharField(
        max_length=255,
        blank=True,
        help_text="The organisation that led the work, as it is usually named.",
    )
    lead_type = models.ForeignKey(
        LeadOrganisationType,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_studies",
        verbose_name="lead organisation type",
        help_text="The kind of organisation that led, for example a GP federation.",
    )
    partners = models.TextField(
        blank=True, help_text="Partner organisations, one per line."
    )
    vanguard = models.CharField(
        max_length=10,
        choices=Vanguard.choices,
        default=Vanguard.UNKNOWN,
        help_text="Whether the area was one of NHS England's new care models "
        "vanguards. Leave as not known unless a source says.",
    )
    year_started = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2100)],
        help_text="The year the work began, if a source gives it. Shown in the "
        "fact box.",
    )
    approach = ParentalManyToManyField(
        Approach,
        blank=True,
        related_name="case_studies",
        verbose_name="how it began",
        help_text="Tick each that applies. Readers filter the list by it.",
    )
    rollout = ParentalManyToManyField(
        Rollout,
        blank=True,
        related_name="case_studies",
        verbose_name="how homes were brought in",
        help_text="A targeted pilot, an open offer, or both. Readers filter by it.",
    )
    resourcing = models.ForeignKey(
        ResourcingLevel,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_studies",
        verbose_name="resourcing level",
        help_text="How much new money or staff time went in. Readers filter by it.",
    )
    resourcing_detail = models.TextField(
        blank=True,
        help_text="In a sentence or two: where the money or time came from. "
        "Shown under the resourcing level.",
    )
    challenges = ParentalManyToManyField(
        ChallengeType,
        blank=True,
        related_name="case_studies",
        help_text="Tick each kind of problem the area met. Readers filter by it.",
    )
    elements = ParentalManyToManyField(
        CareElement,
        blank=True,
        related_name="case_studies",
        verbose_name="care elements",
        help_text="The parts of the Enhanced Health in Care Homes framework the "
        "area worked on.",
    )
    residents_involved = models.CharField(
        max_length=10,
        choices=YesNoUnknown.choices,
        default=YesNoUnknown.UNKNOWN,
        verbose_name="residents and families helped define success",
        help_text="Only say yes when a source shows it. Shown in the fact box.",
    )
    residents_involvement_detail = models.TextField(
        blank=True, help_text="How residents and families were involved."
    )
    narrative = StreamField(
        NarrativeBlock(),
        blank=True,
        use_json_field=True,
        help_text="The story: what was done, what got in the way and what changed. "
        "Use headings for each part.",
    )

    objects = CaseStudyManager()
    # Joined when the page is served (cms.routing): the fact box shows them all.
    serve_select_related = SINGLE_TERM_RELATIONS

    base_form_class = CaseStudyPageForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("area"),
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("provenance"),
                FieldPanel("provenance_note"),
                InlinePanel("sources"),
            ],
            heading="Where this comes from",
        ),
        MultiFieldPanel(
            [
                FieldPanel("region"),
                FieldPanel("lead_organisation"),
                FieldPanel("lead_type"),
                FieldPanel("partners"),
                FieldPanel("vanguard"),
                FieldPanel("year_started"),
            ],
            heading="The area",
        ),
        MultiFieldPanel(
            [
                FieldPanel("approach", widget=forms.CheckboxSelectMultiple),
                FieldPanel("rollout", widget=forms.CheckboxSelectMultiple),
                FieldPanel("resourcing"),
                FieldPanel("resourcing_detail"),
                FieldPanel("challenges", widget=forms.CheckboxSelectMultiple),
                FieldPanel("elements", widget=forms.CheckboxSelectMultiple),
            ],
            heading="How it was done",
        ),
        MultiFieldPanel(
            [
                FieldPanel("residents_involved"),
                FieldPanel("residents_involvement_detail"),
            ],
            heading="Residents and families",
        ),
        FieldPanel("narrative"),
        InlinePanel("outcomes", heading="Outcomes", label="Outcome"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("area"),
        index.SearchField("summary"),
        index.SearchField("narrative"),
    ]

    parent_page_types = ["casestudies.CaseStudyIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "case study"

    def clean(self) -> None:
        """Keep slugs that the index page uses for its own routes free."""
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": f"“{self.slug}” is used by the site itself."}
            )

    def partner_list(self) -> list[str]:
        """Return the partner organisations, one per line in the field."""
        return [line.strip() for line in self.partners.splitlines() if line.strip()]

    def similar(self, count: int = 3) -> list[CaseStudyPage]:
        """Return the case studies that share the most approach and challenge terms."""
        return list(
            CaseStudyPage.objects.live().public().sharing_terms_with(self, count)
        )

    def get_context(self, request, *args, **kwargs):  # noqa: D102
        from casestudies.charts import outcome_charts
        from casestudies.terms import prefetch_terms

        context = super().get_context(request, *args, **kwargs)
        if self.pk and not getattr(request, "is_preview", False):
            # Previews hold unsaved relations in memory; only saved pages prefetch.
            # The single-valued terms come joined when the page is served
            # (serve_select_related); the four many-valued ones in one query.
            prefetch_terms([self])
        index_url = self.get_parent().get_url(request)
        context["index_url"] = index_url
        context["breadcrumbs"] = [("/", "Home"), (index_url, "Case studies")]
        context["similar"] = self.similar()
        outcomes = list(self.outcomes.all())
        context["outcomes"] = outcomes
        context["charts"] = outcome_charts(outcomes)
        context["sources"] = list(self.sources.all())
        return context


class CaseStudySource(Orderable):
    """A public document the case study draws on."""

    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(
        max_length=255, help_text="The document's title, as its publisher gives it."
    )
    url = models.URLField(
        max_length=500,
        blank=True,
        help_text="Where readers can find it. Leave empty for a paper source.",
    )
    publisher = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who published it, for example NHS England.",
    )

    panels = [FieldPanel("title"), FieldPanel("url"), FieldPanel("publisher")]

    def __str__(self) -> str:
        return self.title


class CaseStudyOutcome(Orderable):
    """One measured result, structured so that it can be charted and compared."""

    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="outcomes")
    measure = models.CharField(max_length=200, help_text="What was measured.")
    unit = models.CharField(
        max_length=60, blank=True, help_text="For example %, admissions."
    )
    baseline_value = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The figure before the change, as a number only. Leave empty "
        "if the source gives none; never estimate.",
    )
    baseline_period = models.CharField(
        max_length=60, blank=True, help_text="When the baseline was measured."
    )
    latest_value = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="The latest figure the source gives, as a number only.",
    )
    latest_period = models.CharField(
        max_length=60, blank=True, help_text="When the latest figure was measured."
    )
    method = models.CharField(
        max_length=30,
        choices=OutcomeMethod.choices,
        help_text="How the result was found. Readers see it beside the figures.",
    )
    source_title = models.CharField(
        max_length=255, blank=True, help_text="The document the figures come from."
    )
    source_url = models.URLField(
        max_length=500, blank=True, help_text="Where readers can check the figures."
    )
    note = models.TextField(
        blank=True,
        help_text="Anything a reader needs to read the figures fairly, for "
        "example a change in how they were counted.",
    )

    panels = [
        FieldPanel("measure"),
        FieldPanel("unit"),
        FieldPanel("baseline_value"),
        FieldPanel("baseline_period"),
        FieldPanel("latest_value"),
        FieldPanel("latest_period"),
        FieldPanel("method"),
        FieldPanel("source_title"),
        FieldPanel("source_url"),
        FieldPanel("note"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "outcome"

    def __str__(self) -> str:
        return self.measure

    def clean(self) -> None:
        """A value needs its period, or readers cannot tell when it applied."""
        super().clean()
        errors = {}
        if self.baseline_value is not None and not self.baseline_period:
            errors["baseline_period"] = "Say when the baseline was measured."
        if self.latest_value is not None and not self.latest_period:
            errors["latest_period"] = "Say when the latest value was measured."
        if errors:
            raise ValidationError(errors)

    @property
    def chartable(self) -> bool:
        """True when there are both values to draw a before/after pair."""
        return self.baseline_value is not None and self.latest_value is not None
