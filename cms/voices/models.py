"""The residents' and families' space: themes, shared views and their moderation.

A shared view (``Submission``) is private until a moderator approves it; only
then is it a public, anonymous *statement*. Follow-up contact details live in
their own encrypted model (``SubmissionContact``) that is purged on a schedule.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from casestudies.models import Term
from cms.routing import ViewRestrictionsMixin
from cms.voices.encryption import EncryptedTextField

from . import blocks


class Symbol(models.TextChoices):
    """The simple pictures shipped in static/voices/symbols/ (one per theme)."""

    EAR = "ear", "An ear (being listened to)"
    STETHOSCOPE = "stethoscope", "A stethoscope (seeing a GP or nurse)"
    HOUSE = "house", "A house (staying at home)"
    HAND = "hand", "An open hand (dignity and choice)"
    PEOPLE = "people", "Three people (being part of the community)"
    CANDLE = "candle", "A candle (care at the end of life)"
    SPEECH = "speech", "A speech bubble (anything else)"


# Theme slugs that would clash with the fixed addresses in urls.py.
RESERVED_SLUGS = {"share", "withdraw", "statements"}


class Theme(Term):
    """A theme people can tick when they share a view (an editable vocabulary)."""

    symbol = models.CharField(
        max_length=20,
        choices=Symbol.choices,
        default=Symbol.SPEECH,
        help_text="A simple picture shown beside the words, for easier reading.",
    )

    panels = [*Term.panels, FieldPanel("symbol")]
    facet = "theme"

    class Meta(Term.Meta):
        verbose_name = "theme (what good looks like)"

    def clean(self) -> None:
        """Keep theme slugs clear of the space's fixed addresses."""
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": f"“{self.slug}” is already used by another page here."}
            )

    def get_absolute_url(self) -> str:
        """The theme's public page."""
        return reverse("voices:theme", args=[self.slug])


class SharerRole(models.TextChoices):
    """Who is sharing the view."""

    RESIDENT = "resident", "I live in a care home"
    FAMILY = "family", "I am a family member or friend"
    ADVOCATE = "advocate", "I am an advocate writing down a resident's words"
    STAFF = "staff", "I am a staff member writing down a resident's words"


# How each role reads on a public statement.
PUBLIC_ROLE = {
    SharerRole.RESIDENT: "A resident",
    SharerRole.FAMILY: "A family member or friend",
    SharerRole.ADVOCATE: "A resident, with an advocate",
    SharerRole.STAFF: "A resident, with a staff member",
}


class Channel(models.TextChoices):
    """How the view reached us."""

    WEB = "web", "The website"
    PAPER = "paper", "On paper"
    PHONE = "phone", "By phone"
    ASSISTED = "assisted", "Written down with help"


class Status(models.TextChoices):
    """Where a shared view is in moderation."""

    RECEIVED = "received", "Waiting for a moderator"
    APPROVED = "approved", "Published"
    REJECTED = "rejected", "Not published"
    SAFEGUARDING = "safeguarding", "Safeguarding concern (never published)"
    WITHDRAWN = "withdrawn", "Withdrawn"


class SubmissionQuerySet(models.QuerySet):
    """Queries named for what they return."""

    def published(self) -> SubmissionQuerySet:
        """The public statements: approved, with consent to publish."""
        return self.filter(status=Status.APPROVED, consent_to_publish=True)

    def awaiting_moderation(self) -> SubmissionQuerySet:
        """Views nobody has decided on yet: possible safeguarding first, then oldest."""
        return self.filter(status=Status.RECEIVED).order_by(
            "-possible_safeguarding", "created_at"
        )

    def for_theme(self, theme: Theme) -> SubmissionQuerySet:
        """The views tagged with ``theme``."""
        return self.filter(themes=theme)

    def with_agreement_counts(self) -> SubmissionQuerySet:
        """Annotate ``agreement_count``: how many people said "this matters to me"."""
        return self.annotate(agreement_count=models.Count("agreements", distinct=True))


class Submission(models.Model):
    """A view shared by a resident, a family member or someone helping a resident.

    ``text`` is what the public sees once approved (a moderator may edit names
    out of it); ``original_text`` is exactly what was shared, kept for the audit
    trail and shown only to moderators.
    """

    reference = models.CharField(
        max_length=9,
        unique=True,
        editable=False,
        help_text="Given to the person who shared the view, to withdraw it later.",
    )
    sharer_role = models.CharField(max_length=20, choices=SharerRole.choices)
    text = models.TextField(help_text="The words that are published once approved.")
    original_text = models.TextField(
        editable=False, help_text="Exactly what was shared. Never published."
    )
    themes = models.ManyToManyField(Theme, blank=True, related_name="submissions")
    region = models.ForeignKey(
        "casestudies.Region",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    consent_to_publish = models.BooleanField(default=False)
    hear_back = models.BooleanField(
        "asked to hear back",
        default=False,
        help_text="They asked to be emailed once if someone responds publicly.",
    )
    channel = models.CharField(
        max_length=20, choices=Channel.choices, default=Channel.WEB
    )
    recorded_on_behalf = models.BooleanField(
        default=False,
        help_text="Someone wrote down a resident's own words for them.",
    )
    recorded_by = models.CharField(
        max_length=120,
        blank=True,
        help_text="Who wrote it down (a role such as 'advocate', not a name).",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The moderator who typed in a paper or phone view.",
    )
    illustrative = models.BooleanField(
        default=False, help_text="Demo content written to show the idea; not real."
    )
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    possible_safeguarding = models.BooleanField(
        default=False,
        help_text="Its words matched a harm phrase: read it first, never auto-publish.",
    )
    harm_phrases_found = models.CharField(
        max_length=500,
        blank=True,
        help_text="The harm phrases its words matched when it was received.",
    )

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "shared view"
        permissions = [("moderate_submission", "Can moderate shared views")]
        indexes = [models.Index(fields=["status", "-published_at"])]

    def __str__(self) -> str:
        return f"Shared view {self.reference}"

    def __repr__(self) -> str:
        # Keep the text out of tracebacks and logs.
        return f"<Submission {self.pk} {self.status}>"

    def get_absolute_url(self) -> str:
        """Where the statement is shown: its first theme's page, or the index."""
        theme = self.themes.first()
        base = theme.get_absolute_url() if theme else reverse("voices:index")
        return f"{base}#statement-{self.pk}"

    @property
    def is_published(self) -> bool:
        """True when the public can see this statement."""
        return self.status == Status.APPROVED and self.consent_to_publish

    @property
    def public_role(self) -> str:
        """Who shared it, as the public sees it (never a name)."""
        return PUBLIC_ROLE.get(self.sharer_role, "Someone")


class SubmissionContact(models.Model):
    """Optional follow-up details, encrypted, deleted after the retention period."""

    submission = models.OneToOneField(
        Submission, on_delete=models.CASCADE, related_name="contact"
    )
    name = EncryptedTextField(blank=True)
    email = EncryptedTextField(blank=True)
    phone = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "contact details"
        verbose_name_plural = "contact details"

    def __str__(self) -> str:
        return "Contact details"

    def __repr__(self) -> str:
        return f"<SubmissionContact {self.pk}>"


class Decision(models.TextChoices):
    """What a moderator (or the person who shared) did."""

    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    SAFEGUARDING = "safeguarding", "Marked as a safeguarding concern"
    WITHDRAWN = "withdrawn", "Withdrawn"
    ENTERED = "entered", "Typed in from paper or phone"
    POSSIBLE_HARM = "possible_harm", "Marked as possible safeguarding (harm phrases)"
    ALERT_QUEUED = "alert_queued", "Safeguarding email queued"
    NOBODY_TO_TELL = "nobody_to_tell", "Nobody to email about the concern"
    ALERT_SENT = "alert_sent", "Safeguarding email sent"
    ALERT_FAILED = "alert_failed", "Safeguarding email failed"
    ACKNOWLEDGED = "acknowledged", "Concern acknowledged"
    REMINDED = "reminded", "Not acknowledged: contacts emailed again"
    ESCALATED = "escalated", "Not acknowledged: administrators emailed"


# Entries the site makes by itself (shown as "Automatic", not "the person sharing").
AUTOMATIC_DECISIONS = {
    Decision.POSSIBLE_HARM,
    Decision.ALERT_QUEUED,
    Decision.NOBODY_TO_TELL,
    Decision.ALERT_SENT,
    Decision.ALERT_FAILED,
    Decision.REMINDED,
    Decision.ESCALATED,
}


class ModerationDecision(models.Model):
    """One entry in a shared view's audit trail: who did what, when and why."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="decisions"
    )
    action = models.CharField(max_length=20, choices=Decision.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty when the person who shared the view acted.",
    )
    reason = models.TextField(blank=True)
    published_text = models.TextField(
        blank=True, help_text="The text as published by this decision."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} ({self.created_at:%d %b %Y})"

    @property
    def is_automatic(self) -> bool:
        """True for an entry the site made by itself (alerts, escalation)."""
        return self.action in AUTOMATIC_DECISIONS


class SafeguardingConcern(models.Model):
    """A shared view marked as a safeguarding concern, until someone acknowledges it.

    ``reminded_at`` and ``escalated_at`` record the two escalation steps taken
    while nobody has acknowledged it (see safeguarding.escalate_unacknowledged).
    """

    submission = models.OneToOneField(
        Submission, on_delete=models.CASCADE, related_name="safeguarding_concern"
    )
    flagged_at = models.DateTimeField(default=timezone.now, db_index=True)
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The safeguarding contact who said they have seen it.",
    )
    reminded_at = models.DateTimeField(
        null=True, blank=True, help_text="When the contacts were emailed again."
    )
    escalated_at = models.DateTimeField(
        null=True, blank=True, help_text="When the administrators were emailed."
    )

    class Meta:
        ordering = ["-flagged_at"]
        verbose_name = "safeguarding concern"
        permissions = [
            ("acknowledge_safeguardingconcern", "Can acknowledge safeguarding concerns")
        ]

    def __str__(self) -> str:
        return f"Safeguarding concern about {self.submission}"

    @property
    def is_acknowledged(self) -> bool:
        """True once a safeguarding contact has said they have seen it."""
        return self.acknowledged_at is not None


class AlertKind(models.TextChoices):
    """Why a safeguarding email was sent."""

    FLAGGED = "flagged", "New concern"
    REMINDER = "reminder", "Reminder: not acknowledged"
    ESCALATION = "escalation", "To administrators: not acknowledged"


class AlertStatus(models.TextChoices):
    """Where one safeguarding email is in the outbox."""

    QUEUED = "queued", "Waiting to send"
    RETRYING = "retrying", "Failed; will try again"
    SENT = "sent", "Sent"


class SafeguardingAlertQuerySet(models.QuerySet):
    """Queries named for what they return."""

    def unsent(self) -> SafeguardingAlertQuerySet:
        """Emails not sent yet (waiting, or failed and waiting to retry)."""
        return self.exclude(status=AlertStatus.SENT)

    def due(self, now=None) -> SafeguardingAlertQuerySet:
        """Unsent emails whose next attempt is now or overdue."""
        return self.unsent().filter(next_attempt_at__lte=now or timezone.now())

    def failing(self) -> SafeguardingAlertQuerySet:
        """Emails that failed at least once and are still not sent."""
        return self.filter(status=AlertStatus.RETRYING)


class SafeguardingAlert(models.Model):
    """One safeguarding email to one person: the durable outbox.

    A row is written in the same transaction as the decision that needs it, so
    an email can be late (and retried) but never silently lost.
    """

    concern = models.ForeignKey(
        SafeguardingConcern, on_delete=models.CASCADE, related_name="alerts"
    )
    kind = models.CharField(max_length=20, choices=AlertKind.choices)
    recipient = models.EmailField()
    status = models.CharField(
        max_length=20, choices=AlertStatus.choices, default=AlertStatus.QUEUED
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SafeguardingAlertQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "safeguarding email"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient}"


class HarmPhrase(models.Model):
    """Words that suggest someone may be at risk (abuse, neglect, falls, …).

    A shared view whose words contain one is marked "possible safeguarding":
    moderators see it first and it is never published without a person's check.
    """

    phrase = models.CharField(
        max_length=100,
        unique=True,
        help_text=(
            "Matched as whole words, ignoring capitals: “hit” matches “Hit me” "
            "but not “white”. End with * to match any ending: “bruis*”."
        ),
    )
    topic = models.CharField(
        max_length=60,
        blank=True,
        help_text="What it is about, for editors: abuse, neglect, self-harm, falls…",
    )

    panels = [FieldPanel("phrase"), FieldPanel("topic")]

    class Meta:
        ordering = ["topic", "phrase"]
        verbose_name = "harm phrase"

    def __str__(self) -> str:
        return self.phrase

    def clean(self) -> None:
        """Keep phrases tidy: trimmed, lower case, not empty."""
        self.phrase = " ".join(self.phrase.split()).lower()
        if not self.phrase.strip("*"):
            raise ValidationError({"phrase": "Enter some words."})


class Agreement(models.Model):
    """One person saying "this matters to me too" about a statement.

    Exactly one of ``user`` (a signed-in member) and ``visitor`` (a random id in
    a signed cookie) is set; the constraints keep it to once per person.
    """

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="agreements"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    visitor = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "user"],
                condition=models.Q(user__isnull=False),
                name="voices_agreement_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["submission", "visitor"],
                condition=~models.Q(visitor=""),
                name="voices_agreement_once_per_visitor",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(user__isnull=False, visitor="")
                    | models.Q(user__isnull=True) & ~models.Q(visitor="")
                ),
                name="voices_agreement_user_or_visitor",
            ),
        ]

    def __str__(self) -> str:
        return "This matters to me too"


class CaseStudyResponse(models.Model):
    """A case study that responds to a statement (listed on the case study)."""

    case_study = models.ForeignKey(
        "casestudies.CaseStudyPage",
        on_delete=models.CASCADE,
        related_name="voice_responses",
        help_text="The case study that responds.",
    )
    statement = models.ForeignKey(
        Submission,
        on_delete=models.CASCADE,
        related_name="case_study_responses",
        limit_choices_to={"status": Status.APPROVED},
        help_text="A published statement from a resident or family member. "
        "It is listed on the case study.",
    )
    note = models.CharField(
        max_length=300,
        blank=True,
        help_text="Optional: one line on how the case study responds to it.",
    )

    panels = [FieldPanel("case_study"), FieldPanel("statement"), FieldPanel("note")]

    class Meta:
        ordering = ["case_study", "pk"]
        verbose_name = "case study response to a statement"
        constraints = [
            models.UniqueConstraint(
                fields=["case_study", "statement"],
                name="voices_case_study_response_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_study} responds to {self.statement}"


class StatementResponse(models.Model):
    """A public answer to a published view: "you said, we did".

    Written by an editor, for the network or on behalf of a named
    organisation. The person who shared the view is emailed the first response
    once, if they asked to hear back and their contact details are still kept.
    """

    statement = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="responses"
    )
    responder = models.CharField(
        "who is responding",
        max_length=120,
        help_text="Shown with the response: for example “The network's editors” "
        "or “Oak House care home”. Only name an organisation that agreed.",
    )
    text = models.TextField(
        "the response",
        help_text="What was done or will be done, in plain words. It is "
        "published under the view at once.",
    )
    linked_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="a case study or guidance that answers it",
        help_text="Optional. Shown as a link while the page is published and "
        "open to everyone.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    author_told_at = models.DateTimeField(null=True, blank=True)
    author_not_told = models.CharField(
        "why the person was not emailed",
        max_length=200,
        blank=True,
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = "public response to a view"

    def __str__(self) -> str:
        return f"Response from {self.responder}"


class ThemeSynthesisPage(ViewRestrictionsMixin, Page):
    """An editor's summary of what people said about one theme.

    It is shown at the top of the theme's own page, so its address is always
    /what-good-looks-like/<theme>/ wherever it sits in the page tree.
    """

    theme = models.ForeignKey(
        Theme,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The theme this summary is about. It shows on that theme's page.",
    )
    summary = models.TextField(
        help_text="Two or three short sentences in everyday words.",
    )
    body = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ol", "ul", "h2", "h3"],
        help_text="Optional: more on what people said, in everyday words.",
    )
    statements = ParentalManyToManyField(
        Submission,
        blank=True,
        related_name="syntheses",
        limit_choices_to={"status": Status.APPROVED},
        help_text="Statements this summary draws on.",
    )
    related_pages = StreamField(
        blocks.RelatedPagesBlock(),
        blank=True,
        use_json_field=True,
        help_text="Case studies or guidance that respond to this theme, listed "
        "under the summary.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("theme"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("statements", widget=forms.CheckboxSelectMultiple),
        FieldPanel("related_pages"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
    ]

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "theme synthesis page"

    def get_url_parts(self, request=None):
        """Point every link (admin, search, sitemap) at the theme's page."""
        parts = super().get_url_parts(request)
        if parts is None:
            return None
        site_id, root_url, _ = parts
        return site_id, root_url, self.theme.get_absolute_url()

    def serve(self, request, *args, **kwargs):
        """Send readers to the theme's page, where this summary is shown."""
        return redirect(self.theme.get_absolute_url())

    def serve_preview(self, request, mode_name):
        """Preview the draft inside its theme page."""
        from cms.voices.views import render_theme

        return render_theme(request, self.theme, synthesis=self)
