"""Member-facing views: profiles, the member's own page, data export, deletion."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from ehch.accounts.forms import DeleteAccountForm, ProfileForm
from ehch.accounts.models import MemberProfile
from ehch.accounts.privacy import delete_member_account, export_member_data


def _posted(request: HttpRequest):
    # Not ``request.POST or None``: an empty POST must still be validated.
    return request.POST if request.method == "POST" else None


@require_GET
@login_required
def profile_detail(request: HttpRequest, username: str) -> HttpResponse:
    """A member's public profile: only the fields they chose to show."""
    if "\x00" in username:  # PostgreSQL refuses NUL in text: no such member
        raise Http404("No member with that username")
    user = get_object_or_404(get_user_model(), username=username)
    profile = MemberProfile.objects.filter(user=user).first()
    is_own = user == request.user
    if profile is None or not (is_own or profile.status == "approved"):
        raise Http404("No member with that username")
    if not user.is_active:
        raise Http404("No member with that username")
    return TemplateResponse(
        request,
        "members/profile_detail.html",
        {"profile": profile, "member": user, "is_own": is_own},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def my_profile(request: HttpRequest) -> HttpResponse:
    """The signed-in member's own profile, its status and what it shows."""
    profile = MemberProfile.objects.filter(user=request.user).first()
    form = ProfileForm(_posted(request), instance=profile)
    if request.method == "POST" and form.is_valid():
        form.instance.user = request.user
        form.save()
        messages.success(request, "Your profile has been saved.")
        return redirect("members:me")
    return TemplateResponse(
        request, "members/my_profile.html", {"form": form, "profile": profile}
    )


@never_cache
@require_GET
@login_required
def export_data(request: HttpRequest) -> HttpResponse:
    """Download everything the network holds about the member, as JSON."""
    data = export_member_data(request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-ehch-data.json"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    """Confirm, then delete the member's account and personal data."""
    form = DeleteAccountForm(_posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        delete_member_account(user)
        messages.success(
            request,
            "Your account has been deleted. Your forum posts now show as "
            "written by a former member.",
        )
        return redirect("/")
    return TemplateResponse(request, "members/delete_account.html", {"form": form})
