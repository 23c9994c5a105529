"""The moderators' approval queue in Wagtail's admin."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.defaults import permission_denied

from ehch.accounts.forms import RejectForm
from ehch.accounts.membership import DecisionError, approve_member, reject_member
from ehch.accounts.models import MemberProfile, Status

PERMISSION = "members.moderate_members"


def moderators_only(view: Callable) -> Callable:
    """Answer 403 to anyone who cannot approve members.

    Wagtail turns a raised PermissionDenied into a redirect to the dashboard;
    a plain 403 is a clearer answer (and what the permission matrix expects).
    """

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.has_perm(PERMISSION):
            return permission_denied(request, PermissionDenied())
        return view(request, *args, **kwargs)

    return wrapped


@moderators_only
@require_GET
def pending_members(request: HttpRequest) -> HttpResponse:
    """List the members waiting for a decision, oldest first."""
    profiles = MemberProfile.objects.pending().select_related("user")
    return TemplateResponse(
        request,
        "members/admin/pending.html",
        {
            "profiles": profiles,
            "page_title": "Members waiting for approval",
            "header_icon": "user",
        },
    )


DECISIONS_SHOWN = 200


@moderators_only
@require_GET
def decisions(request: HttpRequest) -> HttpResponse:
    """The latest membership decisions: by whom, or by which email domain."""
    profiles = (
        MemberProfile.objects.exclude(status=Status.PENDING)
        .select_related("user", "decided_by__member_profile")
        .order_by("-decided_at", "-pk")[:DECISIONS_SHOWN]
    )
    return TemplateResponse(
        request,
        "members/admin/decisions.html",
        {
            "profiles": profiles,
            "shown": DECISIONS_SHOWN,
            "page_title": "Membership decisions",
            "header_icon": "user",
        },
    )


@moderators_only
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve one pending member."""
    profile = get_object_or_404(MemberProfile, pk=pk)
    try:
        approve_member(profile, by=request.user)
    except DecisionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{profile} is now a member. We have emailed them.")
    return redirect("members_pending")


@moderators_only
@require_http_methods(["GET", "POST"])
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask for a reason, then reject one pending member."""
    profile = get_object_or_404(MemberProfile.objects.pending(), pk=pk)
    form = RejectForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            reject_member(profile, by=request.user, reason=form.cleaned_data["reason"])
        except DecisionError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, f"{profile} was not approved. We have emailed them."
            )
        return redirect("members_pending")
    return TemplateResponse(
        request,
        "members/admin/reject.html",
        {
            "profile": profile,
            "form": form,
            "page_title": f"Do not approve {profile}",
            "header_icon": "user",
        },
    )
