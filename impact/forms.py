"""The "we tried this" form, its optional result, and the follow-up."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from casestudies.share_forms import OutcomeShareForm
from ehch.error_summary import without_blank_choice
from ehch.numbers import AsciiIntegerField

from .links import resolve_public_link
from .models import (
    TriedFollowUp,
    TriedOutcome,
    TriedReport,
    ValueStory,
)

MONTHS = [
    (number, datetime.date(2000, number, 1).strftime("%B")) for number in range(1, 13)
]
EARLIEST_YEAR = 2000
MAX_LINKS = 10


class TriedReportForm(forms.ModelForm):
    """What the area tried, when it started and what changed."""

    started_month = forms.TypedChoiceField(
        label="Month",
        choices=[("", "Choose a month"), *MONTHS],
        coerce=int,
        error_messages={"required": "Choose the month you started."},
    )
    started_year = AsciiIntegerField(
        label="Year",
        error_messages={
            "required": "Enter the year you started, for example 2025.",
            "invalid": "Enter the year as four figures, for example 2025.",
        },
    )

    field_order = ["area", "adopted", "started_month", "started_year", "changed"]

    class Meta:
        model = TriedReport
        fields = ["area", "adopted", "changed", "advice"]
        labels = {
            "area": "Your area or organisation",
            "adopted": "What did you take from this page and try?",
            "changed": "What has changed so far?",
            "advice": "What would you tell others trying it?",
        }
        help_texts = {
            "area": "Shown with your report, for example: Care homes team, "
            "North Tyneside. Your name is shown too.",
            "adopted": "For example: a weekly check-in with the GP practice for "
            "each home, starting with two homes.",
            "changed": "For residents, staff or services. It is fine to say it "
            "is too early to tell. Do not name residents or family members.",
        }
        widgets = {
            "adopted": forms.Textarea(attrs={"rows": 5}),
            "changed": forms.Textarea(attrs={"rows": 5}),
            "advice": forms.Textarea(attrs={"rows": 4}),
        }
        error_messages = {
            "area": {"required": "Enter your area or organisation."},
            "adopted": {"required": "Say what you took from this page and tried."},
            "changed": {"required": "Say what has changed so far."},
        }

    def clean(self) -> dict:
        """The start month must be a real month, not in the future."""
        cleaned = super().clean()
        month, year = cleaned.get("started_month"), cleaned.get("started_year")
        if month and year is not None:
            today = timezone.localdate()
            if not EARLIEST_YEAR <= year <= today.year:
                self.add_error(
                    "started_year",
                    f"Enter a year from {EARLIEST_YEAR} to {today.year}.",
                )
            elif (year, month) > (today.year, today.month):
                self.add_error("started_month", "The start cannot be in the future.")
            else:
                self.instance.started_on = datetime.date(year, month, 1)
        return cleaned


class TriedOutcomeForm(OutcomeShareForm):
    """One result the area measured, optional, validated like a case study's."""

    class Meta(OutcomeShareForm.Meta):
        model = TriedOutcome
        fields = [
            name
            for name in OutcomeShareForm.Meta.fields
            if name not in {"source_title", "source_url"}
        ]

    def is_blank(self) -> bool:
        """True when nothing was typed or chosen: no result is given."""
        return not self.has_changed()


class FollowUpForm(forms.ModelForm):
    """What has happened since."""

    class Meta:
        model = TriedFollowUp
        fields = ["still_doing", "since"]
        labels = {
            "still_doing": "Do you still do it?",
            "since": "What has happened since?",
        }
        help_texts = {
            "since": "What has changed for residents, staff or services, what "
            "got in the way, anything you measured. Do not name residents.",
        }
        widgets = {
            "still_doing": forms.RadioSelect,
            "since": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {
            "still_doing": {"required": "Say whether you still do it."},
            "since": {"required": "Say what has happened since."},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        without_blank_choice(self, "still_doing")


class ValueStoryForm(forms.ModelForm):
    """A short story of value, and the public pages, topics and reports behind it."""

    links = forms.CharField(
        label="What it draws on",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Addresses on this site, one per line: forum topics, case "
        "studies, guidance or a we-tried-this report (copy them from your "
        "browser). Only pages everyone can read can be linked.",
    )

    class Meta:
        model = ValueStory
        fields = ["title", "cycle", "story"]
        labels = {
            "title": "A short title",
            "cycle": "What kind of value was it?",
            "story": "Your story",
        }
        help_texts = {
            "story": "What happened, for whom, and what the network had to do "
            "with it. A few sentences is enough. Do not name residents.",
        }
        widgets = {
            "cycle": forms.RadioSelect,
            "story": forms.Textarea(attrs={"rows": 8}),
        }
        error_messages = {
            "title": {"required": "Give your story a short title."},
            "cycle": {"required": "Choose the kind of value it was."},
            "story": {"required": "Write your story."},
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        without_blank_choice(self, "cycle")
        self.linked = {"pages": [], "topics": [], "tried_reports": []}

    def clean_links(self) -> str:
        """Each line must be the address of something public on this site."""
        text = self.cleaned_data["links"]
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if len(lines) > MAX_LINKS:
            raise forms.ValidationError(f"Link at most {MAX_LINKS} things.")
        problems = []
        for line in lines:
            found = resolve_public_link(line)
            if found is None:
                problems.append(line if len(line) <= 80 else line[:79] + "…")
                continue
            kind, obj = found
            if obj not in self.linked[kind]:
                self.linked[kind].append(obj)
        if problems:
            raise forms.ValidationError(
                "These are not addresses of pages everyone can read on this site: "
                + "; ".join(problems)
            )
        return text
