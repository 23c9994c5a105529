"""Reports that an area tried something from a page ("we tried this").

A report is *applied* value: an approved member says what their area took
from a case study or a guidance page, when, and what changed, optionally with
a result held in the case studies' outcome model. Its follow-up, asked for by
email some months later, is *realised* value: what has happened since. Both
are read by a moderator before anyone else sees them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from wagtail.models import Page

from casestudies.models import OutcomeMeasure
from casestudies.models.pages import OutcomeFields
from cms.visibility import public_q


class Decision(models.TextChoices):
    """Where a report or a follow-up stands."""

    PENDING = "pending", "Waiting for a moderator"
    APPROVED = "approved", "Published"
    REJECTED = "rejected", "Not published"


class Cycle(models.TextChoices):
    """The five cycles of value creation (Wenger, Trayner and de Laat, 2011)."""

    IMMEDIATE = "immediate", "Immediate value: the activity itself helped"
    POTENTIAL = "potential", "Potential value: something gained for later"
    APPLIED = "applied", "Applied value: we changed what we do"
    REALISED = "realised", "Realised value: it made a difference"
    REFRAMING = "reframing", "Reframing value: we changed how we judge success"


class StillDoing(models.TextChoices):
    """Whether the area still does what it tried, asked in the follow-up."""

    YES = "yes", "Yes, we still do it"
    CHANGED = "changed", "Yes, but we have changed it"
    STOPPED = "stopped", "No, we stopped"


class Moderated(models.Model):
    """What a report and a follow-up share: a moderator's decision and when."""

    status = models.CharField(
        max_length=10, choices=Decision.choices, default=Decision.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_note = models.TextField(
        blank=True,
        help_text="Why it was not published, for the member who wrote it.",
    )

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        """True once a moderator approved it."""
        return self.status == Decision.APPROVED


class TriedReportQuerySet(models.QuerySet):
    """Reports, named for who may see them."""

    def pending(self) -> TriedReportQuerySet:
        """Reports waiting for a moderator, oldest first."""
        return self.filter(status=Decision.PENDING).order_by("created_at")

    def approved(self) -> TriedReportQuerySet:
        """Reports a moderator published (their page may still be private)."""
        return self.filter(status=Decision.APPROVED)

    def public(self) -> TriedReportQuerySet:
        """Approved reports on a live page outside every private section.

        The one rule for showing a report anywhere but on its own page (which
        Wagtail serves only to those its restriction allows): lists, profiles,
        search and the figures.
        """
        return self.approved().filter(
            page__in=Page.objects.live().filter(public_q()).values("pk")
        )


class TriedReport(Moderated):
    """An area tried something it read on a page, and says what happened."""

    page = models.ForeignKey(
        Page, on_delete=models.CASCADE, related_name="tried_reports"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="tried_reports",
        help_text="Who wrote it. Deleting their account deletes their reports.",
    )
    area = models.CharField(
        "area or organisation",
        max_length=200,
        help_text="Shown with the report, for example: Care homes team, "
        "North Tyneside.",
    )
    adopted = models.TextField(
        "what they tried",
        max_length=3000,
        help_text="What the area took from the page and tried.",
    )
    started_on = models.DateField(
        "when they started", help_text="Held as the first day of the month."
    )
    changed = models.TextField(
        "what changed", max_length=3000, help_text="What has changed so far."
    )
    advice = models.TextField(
        "what they would tell others",
        max_length=3000,
        blank=True,
    )
    follow_up_sent_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the member was asked what has happened since (once).",
    )

    objects = TriedReportQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_at", "-created_at"]
        verbose_name = "we-tried-this report"
        permissions = [
            ("moderate_triedreport", "Can moderate we-tried-this reports"),
            ("view_community_health", "Can see the community health report"),
        ]
        indexes = [models.Index(fields=["page", "status"])]

    def __str__(self) -> str:
        return f"{self.area}: {self.page.title}"

    def get_absolute_url(self) -> str:
        """Where the report shows: under its page."""
        return f"{self.page.url}#tried-{self.pk}"

    @property
    def owner(self):
        """The member who wrote it, who is told of decisions."""
        return self.member

    @property
    def result(self) -> TriedOutcome | None:
        """The result the area measured, if it gave one."""
        try:
            return self.outcome
        except TriedOutcome.DoesNotExist:
            return None

    @property
    def published_follow_up(self) -> TriedFollowUp | None:
        """The area's update, once a moderator published it."""
        try:
            update = self.follow_up
        except TriedFollowUp.DoesNotExist:
            return None
        return update if update.is_published else None

    @property
    def pending_follow_up(self) -> TriedFollowUp | None:
        """The area's update of any status, for its author."""
        try:
            return self.follow_up
        except TriedFollowUp.DoesNotExist:
            return None


class TriedOutcome(OutcomeFields):
    """A result the area measured after trying it, held like a case study's."""

    report = models.OneToOneField(
        TriedReport, on_delete=models.CASCADE, related_name="outcome"
    )
    measure_term = models.ForeignKey(
        OutcomeMeasure,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tried_outcomes",
        verbose_name="measure (from the list)",
        help_text="The measure from the shared list, so areas can be compared.",
    )

    class Meta:
        verbose_name = "result of a we-tried-this report"

    def __str__(self) -> str:
        return self.measure


class TriedFollowUpQuerySet(models.QuerySet):
    """Follow-ups, named for who may see them."""

    def pending(self) -> TriedFollowUpQuerySet:
        """Follow-ups waiting for a moderator, oldest first."""
        return self.filter(status=Decision.PENDING).order_by("created_at")


class TriedFollowUp(Moderated):
    """What has happened since, months after the report (realised value)."""

    report = models.OneToOneField(
        TriedReport, on_delete=models.CASCADE, related_name="follow_up"
    )
    still_doing = models.CharField(
        "do you still do it", max_length=10, choices=StillDoing.choices
    )
    since = models.TextField(
        "what has happened since",
        max_length=3000,
        help_text="What has changed for residents, staff or services since.",
    )

    objects = TriedFollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "follow-up of a we-tried-this report"

    def __str__(self) -> str:
        return f"Since: {self.report}"

    @property
    def owner(self):
        """The member who wrote the report, who is told of decisions."""
        return self.report.member


class ValueStoryQuerySet(models.QuerySet):
    """Value stories, named for who may see them."""

    def pending(self) -> ValueStoryQuerySet:
        """Stories waiting for a moderator, oldest first."""
        return self.filter(status=Decision.PENDING).order_by("created_at")

    def published(self) -> ValueStoryQuerySet:
        """Stories a moderator published, newest first."""
        return self.filter(status=Decision.APPROVED).order_by("-decided_at")


class ValueStory(Moderated):
    """A short story of the value the network created for someone, by cycle.

    It links the topics, pages and reports it draws on; only public ones can be
    linked, since a published story is public.
    """

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="value_stories",
        help_text="Who wrote it. Deleting their account deletes their stories.",
    )
    title = models.CharField(max_length=200)
    cycle = models.CharField("kind of value", max_length=12, choices=Cycle.choices)
    story = models.TextField(max_length=4000)
    pages = models.ManyToManyField(Page, blank=True, related_name="value_stories")
    topics = models.ManyToManyField(
        "forum_conversation.Topic", blank=True, related_name="value_stories"
    )
    tried_reports = models.ManyToManyField(
        TriedReport, blank=True, related_name="value_stories"
    )

    objects = ValueStoryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "value story"
        verbose_name_plural = "value stories"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """Its place in the list of value stories."""
        return f"{reverse('impact:stories')}#story-{self.pk}"

    @property
    def owner(self):
        """The member who wrote it, who is told of decisions."""
        return self.author
