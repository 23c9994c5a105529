"""Member-facing views: profiles, the member's own page, data export, deletion."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from ehch import roles
from ehch.accounts.forms import DeleteAccountForm, ProfileForm
from ehch.accounts.models import MemberProfile, Status
from ehch.accounts.privacy import delete_member_account, export_member_data
from ehch.accounts.sso.providers import organisation_account_names

PROFILES_FOR_MEMBERS = "Member profiles are for approved members of the network."
WHY_NOT_YET = {
    Status.PENDING: "Your membership is waiting for approval. Once a moderator "
    "approves it, you can see other members' profiles.",
    Status.REJECTED: "Your membership was not approved, so you cannot see "
    "other members' profiles.",
}


def _why_profiles_are_closed(user) -> str:
    profile = MemberProfile.objects.filter(user=user).only("status").first()
    reason = WHY_NOT_YET.get(profile.status, "") if profile else ""
    return f"{PROFILES_FOR_MEMBERS} {reason}".strip()


def _posted(request: HttpRequest):
    # Not ``request.POST or None``: an empty POST must still be validated.
    return request.POST if request.method == "POST" else None


@require_GET
@login_required
def profile_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    """A member's profile: their display name and the fields they chose to show.

    Addressed by account number, never by username. Approved members,
    moderators and administrators see approved members' profiles; everyone
    signed in sees their own. A pending or rejected account reads only what
    visitors read, so it is told why instead (visitors are asked to sign in).
    """
    is_own = user_id == request.user.pk
    if not is_own and not roles.is_approved_member(request.user):
        return TemplateResponse(
            request,
            "members/profile_not_for_you.html",
            {"notice": _why_profiles_are_closed(request.user)},
            status=403,
        )
    profile = (
        MemberProfile.objects.select_related("user")
        .filter(user_id=user_id, user__is_active=True)
        .first()
    )
    if profile is None or not (is_own or profile.status == Status.APPROVED):
        raise Http404("No member with that number")
    return TemplateResponse(
        request,
        "members/profile_detail.html",
        {"profile": profile, "member": profile.user, "is_own": is_own},
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
        request,
        "members/my_profile.html",
        {
            "form": form,
            "profile": profile,
            "organisation_accounts": organisation_account_names(request),
        },
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
