"""Forms: sign-up with the membership questions, profile, decisions, deletion."""

from __future__ import annotations

from allauth.account.forms import SignupForm
from django import forms
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest

from ehch.accounts.membership import create_pending_profile
from ehch.accounts.models import (
    LeadershipLevel,
    MemberProfile,
    OrganisationType,
    Region,
    Role,
)
from ehch.accounts.names import (
    generated_username,
    validate_display_name,
    validate_real_name,
)

PROFILE_QUESTIONS = ["role", "organisation_type", "region", "leadership_level"]


def _choice(label: str, choices, help_text: str = "") -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        help_text=help_text,
        error_messages={"required": f"Select your {label.lower()}"},
    )


class MembershipQuestions(forms.Form):
    """The questions every member answers, whichever way they join.

    Mixed into the email-and-password sign-up (``MemberSignupForm``) and the
    first organisation sign-in (``ehch.accounts.sso.forms``). The shown name
    defaults to the real name, which then passes the same checks.
    """

    name = forms.CharField(
        label="Your name",
        max_length=120,
        help_text="Your full name, for the moderators who check your application.",
        error_messages={"required": "Enter your name"},
        validators=[validate_real_name],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    display_name = forms.CharField(
        label="Name shown to other members",
        max_length=120,
        required=False,
        help_text="Other members see this name beside your posts and on your "
        "profile. Leave it empty to use your name as you gave it above. "
        "Do not use your email address.",
        validators=[validate_display_name],
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    role = _choice("Role", Role.choices)
    organisation_type = _choice("Organisation type", OrganisationType.choices)
    region = _choice(
        "NHS England region",
        Region.choices,
        "Where you work, or where you or your relative lives.",
    )
    leadership_level = _choice(
        "Leadership level",
        LeadershipLevel.choices,
        "Front line: you give care or support. Service: you run a service or "
        "team. System: you plan or commission across organisations.",
    )

    def clean(self) -> dict:
        """The shown name defaults to the real name, which passes the same checks."""
        cleaned = super().clean()
        name = (cleaned.get("name") or "").strip()
        shown = (cleaned.get("display_name") or "").strip()
        if not shown and name and "display_name" not in self.errors:
            try:
                validate_display_name(name)
            except forms.ValidationError as error:
                self.add_error("name" if "name" in self.fields else None, error)
            shown = name
        cleaned["display_name"] = shown
        return cleaned

    def save_membership(self, user: AbstractBaseUser) -> None:
        """Set the account's name and create its pending profile from the answers."""
        if "name" in self.fields:
            first, _, last = self.cleaned_data["name"].strip().rpartition(" ")
            user.first_name, user.last_name = (first, last) if first else (last, "")
            user.save(update_fields=["first_name", "last_name"])
        create_pending_profile(
            user,
            display_name=self.cleaned_data["display_name"],
            **{name: self.cleaned_data[name] for name in PROFILE_QUESTIONS},
        )

    def custom_signup(self, request: HttpRequest, user: AbstractBaseUser) -> None:
        """Create the member's pending profile from their answers (allauth's hook)."""
        self.save_membership(user)

    def save(self, request: HttpRequest) -> AbstractBaseUser:
        """Save the account, its addresses and its profile, or none of them.

        The username is made from the shown name; allauth's ``save_user``
        reads it from the cleaned data.
        """
        with transaction.atomic():
            self.cleaned_data["username"] = generated_username(
                self.cleaned_data["display_name"]
            )
            return super().save(request)


class MemberSignupForm(MembershipQuestions, SignupForm):
    """allauth's sign-up plus the questions every member answers.

    There is no username field: the username is made from the name shown to
    other members (``names.generated_username``) and never shown. Members sign
    in with their email address. The account and its pending profile are
    saved in one transaction.
    """

    field_order = [
        "name",
        "display_name",
        "email",
        "password1",
        "password2",
        *PROFILE_QUESTIONS,
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        labels = {
            "email": (
                "Email address",
                "You sign in with it, and we send a link to check it. Never shown.",
            ),
            "password1": ("Password", "At least 10 characters."),
            "password2": ("Enter your password again", ""),
        }
        for name, (label, hint) in labels.items():
            if name in self.fields:
                self.fields[name].label = label
                self.fields[name].help_text = hint
                self.fields[name].widget.attrs.pop("placeholder", None)


class ProfileForm(forms.ModelForm):
    """A member's own profile and what they show on it."""

    class Meta:
        model = MemberProfile
        fields = [
            "display_name",
            *PROFILE_QUESTIONS,
            "show_role",
            "show_organisation_type",
            "show_region",
            "show_leadership_level",
        ]
        labels = {"display_name": "Name shown to other members"}
        help_texts = {
            "display_name": "Other members see this name beside your posts and "
            "on your profile. Do not use your email address."
        }
        error_messages = {
            "display_name": {"required": "Enter the name shown to other members"}
        }
        widgets = dict.fromkeys(PROFILE_QUESTIONS, forms.RadioSelect)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Radio buttons without Django's empty "---------" choice.
        for name in PROFILE_QUESTIONS:
            self.fields[name].choices = [
                (value, label) for value, label in self.fields[name].choices if value
            ]


class RejectForm(forms.Form):
    """A moderator's reason for not approving a member; it is emailed to them."""

    reason = forms.CharField(
        label="Why is this person not being approved?",
        help_text="We email this to them. Be kind and say what they could do.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": "Enter a reason"},
    )


class DeleteAccountForm(forms.Form):
    """Confirmation, with the member's password, before deleting their account."""

    password = forms.CharField(
        label="Your password",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )
    confirm = forms.BooleanField(
        label="I understand that my account and personal data will be deleted",
        error_messages={"required": "Confirm that you want to delete your account"},
    )

    def __init__(self, *args, user: AbstractBaseUser, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        """The password must be the member's own."""
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("The password is not right")
        return password
