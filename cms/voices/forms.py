"""Forms: sharing a view, withdrawing it, and the moderators' forms."""

from __future__ import annotations

from django import forms
from django.conf import settings
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Page

from casestudies.models import Region

from . import references
from .models import Channel, SharerRole, Theme

ON_BEHALF_ROLES = {SharerRole.ADVOCATE, SharerRole.STAFF}


def retention_in_words() -> str:
    """The contact-details retention period, in plain words ("6 months")."""
    days = settings.VOICES_CONTACT_RETENTION_DAYS
    if days >= 60:
        return f"{round(days / 30)} months"
    return f"{days} days"


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    """Theme checkboxes; the template shows each theme's picture beside its label."""

    def label_from_instance(self, obj: Theme) -> str:  # noqa: D102
        return obj.label


class ContactFields(forms.Form):
    """Optional follow-up details, shared by the public and the moderators' form."""

    contact_name = forms.CharField(
        label="Your name", required=False, max_length=120, strip=True
    )
    contact_email = forms.EmailField(
        label="Email address", required=False, max_length=254
    )
    contact_phone = forms.CharField(
        label="Phone number", required=False, max_length=40, strip=True
    )
    hear_back = forms.BooleanField(
        label="Email me once if someone responds to my view on the website",
        required=False,
        help_text="Editors, or a care home or service, may answer a view publicly "
        "with what they did. Needs an email address.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        self.fields["contact_phone"].widget.attrs.update(
            {"autocomplete": "tel", "inputmode": "tel"}
        )

    def clean(self):  # noqa: D102
        cleaned = super().clean()
        if cleaned.get("hear_back") and not cleaned.get("contact_email"):
            self.add_error(
                "hear_back",
                "Give an email address so we can tell you, or untick this box",
            )
        return cleaned


class ShareForm(ContactFields):
    """Share a view about what good care looks like (no account needed)."""

    sharer_role = forms.ChoiceField(
        label="Who is sharing?",
        choices=SharerRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who is sharing"},
    )
    on_behalf_confirmed = forms.BooleanField(
        label="These are the resident's own words, and they are happy to share them",
        required=False,
        help_text="Only if you are writing down a resident's words for them.",
    )
    text = forms.CharField(
        label="What does good care look like to you?",
        help_text=(
            "Write it in your own words. Short is fine. "
            "Please do not use names. We take out any names before we publish."
        ),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": "Write what good care looks like to you",
            "max_length": "Keep it shorter than 3,000 letters",
        },
    )
    themes = ThemeChoiceField(
        label="What is it about?",
        help_text="Tick any that fit. You can leave them all empty.",
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    region = forms.ModelChoiceField(
        label="Which part of England?",
        help_text="We only ask for the region, never the care home.",
        queryset=Region.objects.all(),
        required=False,
        empty_label="I would rather not say",
    )
    consent_to_publish = forms.BooleanField(
        label="You can put my view on this website without my name",
        required=False,
        help_text=(
            "If you do not tick this, we will still read your view, but we will "
            "not put it on the website."
        ),
    )
    # The honeypot: hidden from people by CSS; bots fill every box they find.
    website = forms.CharField(
        label="Leave this box empty",
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_name"].help_text = ""
        self.contact_hint = (
            "Only if you would like us to get in touch. We never publish these. "
            f"We delete them after {retention_in_words()}."
        )

    def clean_website(self) -> str:  # noqa: D102
        if self.cleaned_data["website"].strip():
            # A person who filled it by mistake can clear it and send again.
            raise forms.ValidationError(
                "The box called “Leave this box empty” must be empty. Clear it, "
                "then press “Send my view” again. Your words are still here"
            )
        return ""

    def clean(self):  # noqa: D102
        cleaned = super().clean()
        if cleaned.get("sharer_role") in ON_BEHALF_ROLES and not cleaned.get(
            "on_behalf_confirmed"
        ):
            self.add_error(
                "on_behalf_confirmed",
                "Tick the box to say these are the resident's own words",
            )
        return cleaned


class WithdrawForm(forms.Form):
    """Ask for a shared view to be taken down, using its reference code."""

    reference = forms.CharField(
        label="Your reference code",
        help_text="It looks like K7QM-3RTX. You got it when you shared your view.",
        max_length=20,
        error_messages={"required": "Enter your reference code"},
    )

    def clean_reference(self) -> str:  # noqa: D102
        code = references.normalise(self.cleaned_data["reference"])
        if len(code) != references.LENGTH + 1:
            raise forms.ValidationError(
                "Enter the code with 8 letters and numbers, like K7QM-3RTX"
            )
        return code


class ModerateForm(forms.Form):
    """A moderator's decision on one shared view."""

    APPROVE = "approve"
    REJECT = "reject"
    SAFEGUARDING = "safeguarding"

    decision = forms.ChoiceField(
        label="Decision",
        choices=[
            (APPROVE, "Publish the edited text"),
            (REJECT, "Do not publish (give a reason)"),
            (SAFEGUARDING, "Safeguarding concern: tell the safeguarding contacts"),
        ],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label="Text to publish",
        help_text="Edit out names of people and care homes, places and dates.",
        widget=forms.Textarea(attrs={"rows": 10}),
        required=False,
        max_length=3000,
    )
    themes = ThemeChoiceField(
        label="Themes",
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label="Reason or note",
        help_text="Needed when you do not publish. Seen only by moderators.",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    harm_checked = forms.BooleanField(
        label="I have read this view and it is not a safeguarding concern",
        help_text="Its words match a harm phrase. Needed to publish it.",
        required=False,
    )

    def __init__(self, *args, possible_safeguarding: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not possible_safeguarding:
            del self.fields["harm_checked"]

    def clean(self):  # noqa: D102
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if (
            decision == self.APPROVE
            and "harm_checked" in self.fields
            and not cleaned.get("harm_checked")
        ):
            self.add_error(
                "harm_checked",
                "Tick to confirm it is not a safeguarding concern, or mark it as one",
            )
        if decision == self.APPROVE and not cleaned.get("text", "").strip():
            self.add_error("text", "Enter the text to publish")
        if decision == self.REJECT and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Give a reason for not publishing")
        return cleaned


class AcknowledgeForm(forms.Form):
    """A safeguarding contact says they have seen a concern."""

    note = forms.CharField(
        label="Note (optional)",
        help_text="For example: “Passed to the local authority safeguarding team.”",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )


class OfflineSubmissionForm(ContactFields):
    """A moderator types in a view that came on paper or by phone."""

    channel = forms.ChoiceField(
        label="How did it reach us?",
        choices=[c for c in Channel.choices if c[0] != Channel.WEB],
    )
    sharer_role = forms.ChoiceField(label="Who shared it?", choices=SharerRole.choices)
    recorded_by = forms.CharField(
        label="Who wrote it down, if not the resident",
        help_text="A role, such as 'advocate' or 'activities co-ordinator'. No names.",
        required=False,
        max_length=120,
    )
    text = forms.CharField(
        label="Their words, exactly as given",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=3000,
    )
    themes = ThemeChoiceField(
        label="Themes they chose",
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    region = forms.ModelChoiceField(
        label="Region", queryset=Region.objects.all(), required=False
    )
    consent_to_publish = forms.BooleanField(
        label="They agreed to publication without their name", required=False
    )


class ResponseForm(forms.Form):
    """An editor's public response to a published view."""

    responder = forms.CharField(
        label="Who is responding",
        max_length=120,
        initial="The network's editors",
        help_text="Shown with the response. Only name an organisation that agreed "
        "to respond.",
    )
    text = forms.CharField(
        label="The response",
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What was done or will be done, in plain words. Never name a "
        "resident. Published at once under the view.",
    )
    linked_page = forms.ModelChoiceField(
        label="A case study or guidance that answers it (optional)",
        queryset=None,
        required=False,
        help_text="Shown as a link while it is published and open to everyone.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["linked_page"]
        field.queryset = Page.objects.live()
        field.widget = AdminPageChooser(
            target_models=[
                "casestudies.CaseStudyPage",
                "cms.GuidancePage",
                "cms.LeadershipResourcePage",
            ]
        )
