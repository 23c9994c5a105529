"""The case-study page, its index, and the rows (sources, outcomes) inside it."""

from __future__ import annotations

from django import forms
from django.contrib.auth.models import AnonymousUser
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
    OutcomeMeasure,
    Region,
    ResourcingLevel,
    Rollout,
)
from cms.blocks import RICH_TEXT_FEATURES, BaseStreamBlock
from cms.routing import ViewRestrictionsMixin
from cms.visibility import PublicPageQuerySet
from ehch import roles


class Provenance(models.TextChoices):
    """Where a case study's content comes from."""

    DOCUMENTED = "documented", "Documented: drawn from named public sources"
    ILLUSTRATIVE = "illustrative", "Illustrative composite: not a real area"
    SUBMITTED = "submitted", "Submitted by the area"


class Basis(models.TextChoices):
    """Whether a classification is what a source says, or an editor's reading."""

    STATED = "stated", "Stated in a source"
    INFERRED = "inferred", "Inferred by editors"


#: The classifications that carry a basis: field name -> its basis field.
CLASSIFIED = {
    "approach": "approach_basis",
    "rollout": "rollout_basis",
    "resourcing": "resourcing_basis",
    "challenges": "challenges_basis",
    "elements": "elements_basis",
}


def basis_field(classification: str) -> models.CharField:
    """A stated/inferred mark for one classification, blank when it is empty."""
    return models.CharField(
        f"{classification}: where it comes from",
        max_length=10,
        choices=Basis.choices,
        blank=True,
        help_text="Stated in a source, or inferred by editors from what the "
        "sources say. Readers see it beside the terms.",
    )


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
    """The design of the study behind a result; charts never mix designs."""

    MATCHED_COMPARISON = (
        "matched-comparison",
        "Against a matched comparison group",
    )
    BEFORE_AFTER = "before-after", "Before and after, in the same homes"
    LOCAL_MONITORING = "local-monitoring", "Local monitoring, no matched comparison"
    QUALITATIVE = "qualitative", "Described, not measured"


class SourceKind(models.TextChoices):
    """What kind of document a result comes from: readers weigh them differently."""

    EVALUATION = "evaluation", "Independent evaluation"
    OFFICIAL = "official", "Official report or NHS page"
    PRESS = "press", "News or trade press"
    PROVIDER = "provider", "A provider's own account"


# Terms shown in the fact box: three single-valued, then four many-valued.
SINGLE_TERM_RELATIONS = ("region", "resourcing", "lead_type")
MANY_TERM_RELATIONS = ("approach", "rollout", "challenges", "elements")

# Routes of CaseStudyIndexPage; a case study with one of these slugs would be hidden.
RESERVED_SLUGS = {"compare", "regions", "feed", "measures", "share"}

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

    @path("measures/")
    def measures_view(self, request):
        """Every measure some area reports a result for."""
        from casestudies.views import measures_index

        return measures_index(request, self)

    @path("share/")
    def share_view(self, request):
        """An approved member shares their area's case study."""
        from casestudies.share_views import share_new

        return share_new(request, self)

    @path("share/<str:number>/")
    def shared_view(self, request, number: str):
        """Where one shared case study stands, for its author."""
        from casestudies.share_views import share_detail

        return share_detail(request, self, number)

    @path("share/<str:number>/change/")
    def shared_change_view(self, request, number: str):
        """Its author changes it after editors asked, and sends it again."""
        from casestudies.share_views import share_change

        return share_change(request, self, number)

    @path("measures/<slug:slug>/")
    def measure_view(self, request, slug: str):
        """One measure's results from every area, side by side."""
        from casestudies.views import measure_detail

        return measure_detail(request, self, slug)


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


CaseStudyManager = PageManager.from_queryset(CaseStudyQuerySet)


def check_contact(form: forms.BaseForm, cleaned: dict) -> None:
    """A named contact needs their agreement; the agreement needs a name."""
    named = bool(cleaned.get("contact_name"))
    if cleaned.get("contact_consent") and not named:
        form.add_error("contact_name", "Give the name of the person who agreed.")
    elif named and not cleaned.get("contact_consent"):
        form.add_error(
            "contact_consent",
            "Tick this only if the person agreed to be named; otherwise remove "
            "their name.",
        )
    elif (cleaned.get("contact_email") or cleaned.get("contact_role")) and not named:
        form.add_error("contact_name", "Give the contact's name, or remove the rest.")


def check_size(form: forms.BaseForm, cleaned: dict) -> None:
    """Nursing homes are some of the homes; an amount says what it covers."""
    homes, nursing = cleaned.get("homes"), cleaned.get("nursing_homes")
    if nursing is not None and homes is None:
        form.add_error("homes", "Give the number of homes the nursing homes are of.")
    elif nursing is not None and nursing > homes:
        form.add_error("nursing_homes", "This cannot be more than the care homes.")
    if cleaned.get("resourcing_amount") is not None and not cleaned.get(
        "resourcing_amount_note"
    ):
        form.add_error(
            "resourcing_amount_note",
            "Say what the amount covers (for example: a year, from 2016).",
        )


class CaseStudyPageForm(WagtailAdminPageForm):
    """Cross-field rules that need the inline rows as well as the page."""

    def clean(self):  # noqa: D102
        cleaned = super().clean()
        self._check_bases(cleaned)
        check_contact(self, cleaned)
        check_size(self, cleaned)
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

    def _check_bases(self, cleaned: dict) -> None:
        """A real area's terms say whether a source states them; a mark needs terms."""
        documented = cleaned.get("provenance") == Provenance.DOCUMENTED
        for field, basis in CLASSIFIED.items():
            if field not in cleaned or basis not in cleaned:
                continue
            value = cleaned[field]
            has_terms = bool(value) if field != "resourcing" else value is not None
            if documented and has_terms and not cleaned[basis]:
                self.add_error(
                    basis,
                    "Say whether a source states this, or editors inferred it.",
                )
            elif cleaned[basis] and not has_terms:
                self.add_error(
                    basis, "Choose the terms first, or clear where they come from."
                )


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
    homes = models.PositiveIntegerField(
        "care homes",
        null=True,
        blank=True,
        help_text="How many care homes took part, as a number, if a source says. "
        "Readers compare areas of a similar size by it.",
    )
    nursing_homes = models.PositiveIntegerField(
        "of which nursing homes",
        null=True,
        blank=True,
        help_text="How many of those homes provide nursing care, if known.",
    )
    beds = models.PositiveIntegerField(
        null=True, blank=True, help_text="Beds in those homes, if a source says."
    )
    residents = models.PositiveIntegerField(
        null=True, blank=True, help_text="Residents covered, if a source says."
    )
    size_note = models.CharField(
        "about the size",
        max_length=255,
        blank=True,
        help_text="Say when figures are approximate or from different years, "
        "for example: about 70 homes, the whole borough, 2016.",
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
    resourcing_amount = models.DecimalField(
        "amount (£)",
        max_digits=12,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="New money, in pounds, only if a source gives the figure. "
        "With the number of homes, readers see the cost per home.",
    )
    resourcing_amount_note = models.CharField(
        "what the amount covers",
        max_length=200,
        blank=True,
        help_text="For example: a year, from 2016; or: over the two vanguard years.",
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
    approach_basis = basis_field("how it began")
    rollout_basis = basis_field("how homes were brought in")
    resourcing_basis = basis_field("resourcing")
    challenges_basis = basis_field("challenges")
    elements_basis = basis_field("care elements")
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
    contact_name = models.CharField(
        "contact's name",
        max_length=120,
        blank=True,
        help_text="A person readers may ask about this work. Only with their "
        "agreement: tick the box below.",
    )
    contact_role = models.CharField(
        "contact's job and organisation",
        max_length=200,
        blank=True,
        help_text="For example: Care home manager, Oak House.",
    )
    contact_email = models.EmailField(
        "contact's email address",
        blank=True,
        help_text="Shown only to signed-in approved members, never to visitors, "
        "in search or in exports.",
    )
    contact_consent = models.BooleanField(
        "the contact agreed to be named here",
        default=False,
        help_text="Tick only when the person has said yes to being named on "
        "this page. Without it, no contact is shown.",
    )
    last_reviewed = models.DateField(
        null=True,
        blank=True,
        help_text="When an editor last checked this case study against its "
        "sources. Readers see it; editors get a list of those due again.",
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
                FieldPanel("homes"),
                FieldPanel("nursing_homes"),
                FieldPanel("beds"),
                FieldPanel("residents"),
                FieldPanel("size_note"),
            ],
            heading="The area",
        ),
        MultiFieldPanel(
            [
                FieldPanel("approach", widget=forms.CheckboxSelectMultiple),
                FieldPanel("approach_basis"),
                FieldPanel("rollout", widget=forms.CheckboxSelectMultiple),
                FieldPanel("rollout_basis"),
                FieldPanel("resourcing"),
                FieldPanel("resourcing_basis"),
                FieldPanel("resourcing_detail"),
                FieldPanel("resourcing_amount"),
                FieldPanel("resourcing_amount_note"),
                FieldPanel("challenges", widget=forms.CheckboxSelectMultiple),
                FieldPanel("challenges_basis"),
                FieldPanel("elements", widget=forms.CheckboxSelectMultiple),
                FieldPanel("elements_basis"),
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
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("contact_role"),
                FieldPanel("contact_email"),
                FieldPanel("contact_consent"),
                FieldPanel("last_reviewed"),
            ],
            heading="Contact and review",
        ),
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

    @property
    def cost_per_home(self) -> int | None:
        """The amount divided by the homes, in whole pounds, when both are known."""
        if self.resourcing_amount is None or not self.homes:
            return None
        return round(self.resourcing_amount / self.homes)

    @property
    def size_in_words(self) -> str:
        """Homes, nursing homes, beds and residents in one phrase, or ''."""
        parts = []
        if self.homes:
            homes = f"{self.homes:,} care home{'s' if self.homes != 1 else ''}"
            if self.nursing_homes is not None:
                homes += f" ({self.nursing_homes:,} with nursing)"
            parts.append(homes)
        if self.beds:
            parts.append(f"{self.beds:,} beds")
        if self.residents:
            parts.append(f"{self.residents:,} residents")
        return ", ".join(parts)

    @property
    def shows_contact(self) -> bool:
        """True when a named person agreed to be shown as the contact."""
        return bool(self.contact_consent and self.contact_name)

    def partner_list(self) -> list[str]:
        """Return the partner organisations, one per line in the field."""
        return [line.strip() for line in self.partners.splitlines() if line.strip()]

    def similar(self, count: int = 3) -> list[CaseStudyPage]:
        """The visible case studies most like this one (casestudies/similarity.py)."""
        from casestudies.similarity import similar_areas

        return [suggestion.page for suggestion in similar_areas(self, count)]

    def get_context(self, request, *args, **kwargs):  # noqa: D102
        from casestudies.charts import effect_charts, outcome_charts
        from casestudies.similarity import similar_areas
        from casestudies.terms import prefetch_terms

        context = super().get_context(request, *args, **kwargs)
        if self.pk and not getattr(request, "is_preview", False):
            # Previews hold unsaved relations in memory; only saved pages prefetch.
            # The single-valued terms come joined when the page is served
            # (serve_select_related); the four many-valued ones in one query.
            prefetch_terms([self])
        index_url = self.get_parent().get_url(request)
        context["index_url"] = index_url
        context["measures_url"] = f"{index_url}measures/"
        context["breadcrumbs"] = [("/", "Home"), (index_url, "Case studies")]
        context["similar"] = similar_areas(self)
        outcomes = list(self.outcomes.select_related("measure_term"))
        context["outcomes"] = outcomes
        context["charts"] = outcome_charts(outcomes)
        context["effect_charts"] = effect_charts(outcomes)
        context["sources"] = list(self.sources.all())
        # The address only for approved members: visitors' pages are cached
        # and shared, members' pages never are (ehch/pagecache.py).
        context["show_contact_email"] = bool(
            self.shows_contact
            and self.contact_email
            and roles.is_approved_member(getattr(request, "user", AnonymousUser()))
        )
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

    kind = models.CharField(
        "kind of source",
        max_length=20,
        choices=SourceKind.choices,
        blank=True,
        help_text="An independent evaluation, an official page, the press, or "
        "a provider's own account. Readers see it beside the title.",
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("url"),
        FieldPanel("publisher"),
        FieldPanel("kind"),
    ]

    def __str__(self) -> str:
        return self.title


class OutcomeFields(models.Model):
    """One result, held the way its source gives it.

    A relative effect against a comparison (most published evaluations), or
    before and after values, or a described finding; always with its design
    and period. Shared by a case study's outcomes and by the results an area
    reports after trying something (``impact.TriedOutcome``), so both are
    validated and read the same way.
    """

    measure = models.CharField(
        max_length=200, help_text="What was measured, in the source's words."
    )
    unit = models.CharField(
        max_length=60, blank=True, help_text="For example %, admissions."
    )
    population = models.CharField(
        max_length=120,
        blank=True,
        help_text="Who or what the result covers, if the source says: for "
        "example 39 care homes, 1,594 beds.",
    )
    method = models.CharField(
        "design",
        max_length=30,
        choices=OutcomeMethod.choices,
        help_text="How the result was found. Readers see it beside the figures.",
    )
    period = models.CharField(
        max_length=120,
        blank=True,
        help_text="The period the result covers. Needed for an effect. If the "
        "source gives none, say so (for example: up to 2013, no period given).",
    )
    compared_with = models.CharField(
        max_length=200,
        blank=True,
        help_text="What the change is measured against, written to follow "
        "'compared with': for example 'matched control care homes', 'homes "
        "outside the scheme'. Needed for an effect.",
    )
    effect_percent = models.DecimalField(
        "effect (%)",
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="The relative change in per cent: -18 means 18% lower. Leave "
        "empty for before and after values.",
    )
    effect_lower = models.DecimalField(
        "confidence interval from (%)",
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="The lower end of the 95% confidence interval, only if the "
        "source publishes one.",
    )
    effect_upper = models.DecimalField(
        "confidence interval to (%)",
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="The upper end of the 95% confidence interval.",
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
    note = models.TextField(
        blank=True,
        help_text="Anything a reader needs to read the figures fairly, for "
        "example a change in how they were counted.",
    )

    class Meta:
        abstract = True

    def clean(self) -> None:
        """Every figure carries what a reader needs to read it fairly."""
        super().clean()
        errors: dict[str, str] = {}
        if self.baseline_value is not None and not self.baseline_period:
            errors["baseline_period"] = "Say when the baseline was measured."
        if self.latest_value is not None and not self.latest_period:
            errors["latest_period"] = "Say when the latest value was measured."
        has_values = self.baseline_value is not None or self.latest_value is not None
        if self.effect_percent is not None:
            if not self.period:
                errors["period"] = (
                    "Say what period the effect covers (or that the source gives none)."
                )
            if not self.compared_with:
                errors["compared_with"] = "Say what the change is measured against."
            if has_values:
                errors["effect_percent"] = (
                    "Give either an effect or before and after values, not both: "
                    "they are read differently."
                )
        lower, upper = self.effect_lower, self.effect_upper
        if (lower is None) != (upper is None):
            errors["effect_upper" if upper is None else "effect_lower"] = (
                "Give both ends of the confidence interval, or neither."
            )
        elif lower is not None:
            if self.effect_percent is None:
                errors["effect_percent"] = "A confidence interval needs its effect."
            elif not lower <= self.effect_percent <= upper:
                errors["effect_lower"] = (
                    "The effect must lie inside its confidence interval "
                    "(from the lower to the upper figure)."
                )
        if self.method == OutcomeMethod.QUALITATIVE and (
            has_values or self.effect_percent is not None
        ):
            errors["method"] = (
                "A described result has no figures: choose the design the "
                "figures came from, or remove them."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def chartable(self) -> bool:
        """True when there are both values to draw a before/after pair."""
        return self.baseline_value is not None and self.latest_value is not None

    @property
    def has_effect(self) -> bool:
        """True when the result is a relative change that can be drawn."""
        return self.effect_percent is not None

    @property
    def when(self) -> str:
        """The period in words, from whichever fields the result uses."""
        if self.period:
            return self.period
        periods = [p for p in (self.baseline_period, self.latest_period) if p]
        return " to ".join(periods) if periods else "Period not given by the source"


class CaseStudyOutcome(Orderable, OutcomeFields):
    """One result of a case study, with the document its figures come from."""

    page = ParentalKey(CaseStudyPage, on_delete=models.CASCADE, related_name="outcomes")
    measure_term = models.ForeignKey(
        OutcomeMeasure,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outcomes",
        verbose_name="measure (from the list)",
        help_text="The measure from the shared list, so areas can be compared.",
    )
    source_title = models.CharField(
        max_length=255, blank=True, help_text="The document the figures come from."
    )
    source_url = models.URLField(
        max_length=500, blank=True, help_text="Where readers can check the figures."
    )
    source_kind = models.CharField(
        "kind of source",
        max_length=20,
        choices=SourceKind.choices,
        blank=True,
        help_text="Readers weigh an independent evaluation above a news story.",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("measure"),
                FieldPanel("measure_term"),
                FieldPanel("unit"),
                FieldPanel("population"),
            ],
            heading="What was measured",
        ),
        MultiFieldPanel(
            [FieldPanel("method"), FieldPanel("period"), FieldPanel("compared_with")],
            heading="Design and period",
        ),
        MultiFieldPanel(
            [
                FieldPanel("effect_percent"),
                FieldPanel("effect_lower"),
                FieldPanel("effect_upper"),
            ],
            heading="Result as an effect (most evaluations)",
        ),
        MultiFieldPanel(
            [
                FieldPanel("baseline_value"),
                FieldPanel("baseline_period"),
                FieldPanel("latest_value"),
                FieldPanel("latest_period"),
            ],
            heading="Result as before and after values",
        ),
        MultiFieldPanel(
            [
                FieldPanel("source_title"),
                FieldPanel("source_url"),
                FieldPanel("source_kind"),
                FieldPanel("note"),
            ],
            heading="Source",
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "outcome"

    def __str__(self) -> str:
        return self.measure

    @property
    def evidence_strength(self) -> str:
        """A plain label readers can weigh, from the design and the source.

        Derived, not typed in, so two results of the same kind never get
        different labels.
        """
        if self.method == OutcomeMethod.QUALITATIVE:
            return "Descriptive"
        if self.source_kind in (SourceKind.PRESS, SourceKind.PROVIDER):
            return "Weaker: reported second-hand"
        if (
            self.method == OutcomeMethod.MATCHED_COMPARISON
            and self.source_kind == SourceKind.EVALUATION
        ):
            return "Stronger: independent, against a matched group"
        if self.method == OutcomeMethod.MATCHED_COMPARISON:
            return "Moderate: against a matched group"
        return "Weaker: no matched comparison"
