"""Linking an organisation sign-in to an account that already has its address.

allauth's default is to refuse (the address is "already in use"); signing the
person in to that account because the provider says the address is theirs
would hand the account to whoever controls the provider's record. Here the
person types the existing account's password once; only then is the
organisation account connected to it, and from then on either way signs in.
"""

from __future__ import annotations

import time

from allauth.account import app_settings as account_settings
from allauth.account.utils import perform_login
from allauth.socialaccount.models import SocialLogin
from django import forms
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

SESSION_KEY = "ehch_sso_link"
# As long as allauth keeps a sign-in's state: ten minutes.
LINK_SECONDS = 600


def start_linking(
    request: HttpRequest, sociallogin: SocialLogin, user: AbstractBaseUser
) -> HttpResponse:
    """Keep the pending sign-in in the session and ask for the password."""
    request.session[SESSION_KEY] = {
        "sociallogin": sociallogin.serialize(),
        "user_id": user.pk,
        "started": time.time(),
    }
    return redirect("account_sso_link")


class LinkPasswordForm(forms.Form):
    """The existing account's password."""

    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password"},
    )


def _pending(request: HttpRequest) -> tuple[SocialLogin, AbstractBaseUser] | None:
    stash = request.session.get(SESSION_KEY)
    if not isinstance(stash, dict) or time.time() - stash.get("started", 0) > (
        LINK_SECONDS
    ):
        request.session.pop(SESSION_KEY, None)
        return None
    user = get_user_model().objects.filter(pk=stash.get("user_id")).first()
    if user is None:
        return None
    try:
        return SocialLogin.deserialize(stash["sociallogin"]), user
    except (KeyError, ValueError):
        return None


@never_cache
@require_http_methods(["GET", "POST"])
def link_account(request: HttpRequest) -> HttpResponse:
    """Ask for the existing account's password, then connect and sign in."""
    pending = _pending(request)
    if pending is None:
        return TemplateResponse(request, "socialaccount/link_expired.html", status=400)
    sociallogin, user = pending
    provider_name = sociallogin.provider.name
    form = LinkPasswordForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        # Through every backend, so the lock-out after failed sign-ins
        # (django-axes) counts these attempts like any other.
        signed_in = authenticate(
            request, email=user.email, password=form.cleaned_data["password"]
        )
        if signed_in is not None and signed_in.pk == user.pk:
            request.session.pop(SESSION_KEY, None)
            sociallogin.connect(request, signed_in)
            return perform_login(
                request,
                signed_in,
                email_verification=account_settings.EMAIL_VERIFICATION,
                redirect_url=sociallogin.get_redirect_url(request) or "/",
                signal_kwargs={"sociallogin": sociallogin},
            )
        form.add_error("password", "The password is not right")
    return TemplateResponse(
        request,
        "socialaccount/link_account.html",
        {"form": form, "email": user.email, "provider_name": provider_name},
        status=200 if form.is_bound is False or form.is_valid() else 400,
    )
