"""The first organisation sign-in: only what the provider did not tell us."""

from __future__ import annotations

from allauth.socialaccount.forms import SignupForm

from ehch.accounts.forms import PROFILE_QUESTIONS, MembershipQuestions


class OrganisationSignupForm(MembershipQuestions, SignupForm):
    """allauth's social sign-up with the membership questions.

    The provider usually gives a name and a verified address; then neither is
    asked again (the address is shown, fixed). Everything the network needs
    and no provider knows (role, organisation type, region, leadership level)
    is asked, and the shown name may be chosen. The account, its addresses,
    the link to the organisation account and the pending profile are saved
    in one transaction.
    """

    field_order = ["name", "display_name", "email", *PROFILE_QUESTIONS]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        user = self.sociallogin.user
        self.provided_name = " ".join(
            part for part in (user.first_name, user.last_name) if part
        ).strip()
        if self.provided_name:
            # From the provider: not asked again, but checked like a typed one.
            del self.fields["name"]
            self.fields["display_name"].help_text = (
                f"Other members see this name beside your posts and on your "
                f"profile. Leave it empty to use “{self.provided_name}”, the "
                f"name your organisation account gave us. Do not use your "
                f"email address."
            )
        email = self.fields.get("email")
        if email is not None:
            email.label = "Email address"
            email.widget.attrs.pop("placeholder", None)
            verified = [a for a in self.sociallogin.email_addresses if a.verified]
            if verified and self.initial.get("email") == verified[0].email:
                email.disabled = True
                email.help_text = "From your organisation account. Never shown."
            else:
                email.help_text = (
                    "We send a link to check it before you can sign in. Never shown."
                )

    def clean(self) -> dict:
        """The provider's name stands in for the name field it made unnecessary."""
        if self.provided_name:
            self.cleaned_data["name"] = self.provided_name
        return super().clean()
