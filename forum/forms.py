"""Forms for reporting, resolving reports, topic settings and following forums."""

from __future__ import annotations

from django import forms

from .models import PostReport

MEMBER_REASONS = [
    (value, label)
    for value, label in PostReport.Reason.choices
    if value != PostReport.Reason.WATCHED_WORD
]
VISITOR_REASONS = [
    (PostReport.Reason.ILLEGAL, "Illegal or harmful content"),
    (PostReport.Reason.PERSONAL_DATA, "It shares someone's personal or health details"),
    (PostReport.Reason.RUDE, "It is abusive or harassing"),
    (PostReport.Reason.SPAM, "Spam or advertising"),
    (PostReport.Reason.OTHER, "Something else"),
]


class ReportPostForm(forms.Form):
    """A member's report of one post."""

    reason = forms.ChoiceField(
        label="Why are you reporting this post?",
        choices=MEMBER_REASONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why you are reporting this post"},
    )
    details = forms.CharField(
        label="Anything else moderators should know (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class VisitorReportForm(forms.Form):
    """A visitor's report of illegal or harmful content anywhere on the forum."""

    url = forms.CharField(
        label="Address of the page, or the topic title",
        max_length=500,
        help_text="Copy the address from your browser, or type the topic's title.",
        error_messages={"required": "Enter the page address or the topic title"},
    )
    reason = forms.ChoiceField(
        label="What is wrong with it?",
        choices=VISITOR_REASONS,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what is wrong with it"},
    )
    details = forms.CharField(
        label="Tell us more",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Tell us what is wrong with the content"},
    )
    email = forms.EmailField(
        label="Your email address (optional)",
        required=False,
        help_text="Only if you would like a reply. We will not share it.",
        error_messages={
            "invalid": "Enter an email address in the correct format, "
            "like name@example.com"
        },
    )


class ResolveReportForm(forms.Form):
    """A moderator's decision on a report."""

    outcome = forms.ChoiceField(
        label="What did you decide?",
        choices=PostReport.Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what you decided"},
    )
    note = forms.CharField(
        label="Note for the record",
        max_length=2000,
        help_text="Why you decided this. Other moderators will see it.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter a note saying why"},
    )
    warning = forms.CharField(
        label="Warning to email to the member (if you warn them)",
        required=False,
        max_length=2000,
        help_text="Only for “Member warned”. The member receives exactly this, "
        "with a copy of their post.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, report: PostReport | None = None, **kwargs) -> None:
        """Bind the form to the report it resolves (a warning needs a member)."""
        super().__init__(*args, **kwargs)
        self.report = report

    def clean(self) -> dict:
        """A warning needs a message and a member's post to send it about."""
        cleaned = super().clean()
        if cleaned.get("outcome") == PostReport.Outcome.MEMBER_WARNED:
            post = self.report.post if self.report is not None else None
            if post is None or post.poster_id is None:
                self.add_error(
                    "outcome",
                    "You can only warn a member about a member's post that "
                    "is still on the forum",
                )
            elif not cleaned.get("warning", "").strip():
                self.add_error("warning", "Enter the warning to send to the member")
        return cleaned


class ModerationDecisionForm(forms.Form):
    """Approve or disapprove a held post or edit; a reason is needed to disapprove."""

    reason = forms.CharField(
        label="Reason, emailed to the author",
        max_length=2000,
        help_text="Say what should change. The author gets this reason and a "
        "copy of their text.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter a reason for the author"},
    )


class TopicSettingsForm(forms.Form):
    """Slow mode and timed close for one topic."""

    slow_mode_minutes = forms.IntegerField(
        label="Slow mode: minutes each member must wait between replies",
        min_value=0,
        max_value=7 * 24 * 60,
        initial=0,
        help_text="0 turns slow mode off.",
        error_messages={
            "required": "Enter a number of minutes (0 turns slow mode off)",
            "invalid": "Enter a whole number of minutes",
            "min_value": "Enter 0 or more minutes",
            "max_value": "Enter at most 10080 minutes (one week)",
        },
    )
    close_at = forms.DateTimeField(
        label="Close the topic to replies at (optional)",
        required=False,
        help_text="For example, 2026-03-31 17:00. Leave empty to keep it open.",
        input_formats=["%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
        error_messages={"invalid": "Enter a date and time like 2026-03-31 17:00"},
    )
    reason = forms.CharField(
        label="Reason (for the moderation log)",
        required=False,
        max_length=500,
    )


class ForumEmailSettingsForm(forms.Form):
    """Which forum emails a person gets beyond the topics and forums they follow."""

    mentions = forms.TypedChoiceField(
        label="When someone mentions you in a topic you do not follow",
        choices=[("1", "Email me"), ("0", "Do not email me")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether to email you about mentions"},
    )


class ForumSubscriptionForm(forms.Form):
    """Follow a forum: every new post, or a daily digest of new topics."""

    daily_digest = forms.TypedChoiceField(
        label="How would you like to hear about it?",
        choices=[
            ("0", "An email for every new post"),
            ("1", "One email a day listing new topics"),
        ],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
        initial="0",
        error_messages={"required": "Select how you would like to hear about it"},
    )
