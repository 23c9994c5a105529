"""A case study an area shared through the site, and what its author was told.

The case study itself is an ordinary draft ``CaseStudyPage`` in Wagtail's
moderation workflow; this record keeps who sent it and when they were told
what happened. It lives outside the page because page fields are copied from
revisions when a revision is published: a "told" mark on the page would be
rolled back by publishing an older revision, and the author told twice.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CaseStudySubmission(models.Model):
    """Who shared a case study through the form, and what they have been told."""

    page = models.OneToOneField(
        "casestudies.CaseStudyPage",
        on_delete=models.CASCADE,
        related_name="submission",
    )
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="case_study_submissions",
        help_text="The member who shared it. Kept empty if their account is deleted.",
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    resubmitted_at = models.DateTimeField(null=True, blank=True)
    told_published_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the author was emailed that it is published (once only).",
    )
    told_sent_back_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the author was last emailed that editors asked for changes.",
    )

    class Meta:
        verbose_name = "shared case study"
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.page.title} (shared {self.submitted_at:%d %B %Y})"
