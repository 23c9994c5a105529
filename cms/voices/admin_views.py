"""The moderation queue in the Wagtail admin.

Moderators (permission ``voices.moderate_submission``) read, edit, approve,
reject or flag views and type in paper or phone views. Safeguarding contacts
(``voices.view_submission``) can open a view but not decide on it. These are
the only pages that show the original text and contact details.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from wagtail.admin.auth import permission_denied

from ehch.numbers import parse_page

from . import deidentify, moderation, sharing
from .forms import ModerateForm, OfflineSubmissionForm
from .models import Status, Submission, SubmissionContact

MODERATE = "voices.moderate_submission"
VIEW = "voices.view_submission"


def can_moderate(user) -> bool:
    """True for a moderator (or a superuser)."""
    return user.has_perm(MODERATE)


def can_view(user) -> bool:
    """True for anyone allowed to open shared views in the admin."""
    return user.has_perm(MODERATE) or user.has_perm(VIEW)


def queue(request: HttpRequest) -> HttpResponse:
    """Shared views by status; "waiting for a moderator" first."""
    if not can_view(request.user):
        return permission_denied(request)
    status = request.GET.get("status", Status.RECEIVED)
    if status not in Status.values:
        status = Status.RECEIVED
    submissions = (
        Submission.objects.filter(status=status)
        .prefetch_related("themes")
        .select_related("region")
        .order_by("created_at" if status == Status.RECEIVED else "-created_at")
    )
    page_obj = Paginator(submissions, 50).get_page(parse_page(request.GET.get("page")))
    return render(
        request,
        "voices/admin/queue.html",
        {
            "page_obj": page_obj,
            "status": status,
            "statuses": Status.choices,
            "can_moderate": can_moderate(request.user),
        },
    )


@sensitive_post_parameters("text", "reason")
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    """One shared view: highlighted text, audit trail, contact, decision form."""
    if not can_view(request.user):
        return permission_denied(request)
    submission = get_object_or_404(
        Submission.objects.select_related("region", "entered_by"), pk=pk
    )
    allowed = can_moderate(request.user) and submission.status not in (
        Status.WITHDRAWN,
        Status.SAFEGUARDING,
    )
    initial = {"text": submission.text, "themes": list(submission.themes.all())}
    form = ModerateForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not allowed:
            return permission_denied(request)
        if form.is_valid():
            try:
                _decide(request, submission, form.cleaned_data)
            except moderation.ModerationError as error:
                form.add_error(None, str(error))
            else:
                return redirect("voices_admin:queue")
    return render(
        request,
        "voices/admin/moderate.html",
        {
            "submission": submission,
            "form": form,
            "allowed": allowed,
            "original_highlighted": deidentify.highlight(submission.original_text),
            "current_highlighted": deidentify.highlight(submission.text),
            "contact": SubmissionContact.objects.filter(submission=submission).first(),
            "decisions": submission.decisions.select_related("actor"),
        },
    )


def _decide(request: HttpRequest, submission: Submission, data: dict) -> None:
    decision = data["decision"]
    if decision == ModerateForm.APPROVE:
        moderation.approve_submission(
            submission,
            moderator=request.user,
            text=data["text"],
            themes=data["themes"],
            reason=data["reason"],
        )
        messages.success(request, f"{submission.reference} is published.")
    elif decision == ModerateForm.REJECT:
        moderation.reject_submission(
            submission, moderator=request.user, reason=data["reason"]
        )
        messages.success(request, f"{submission.reference} will not be published.")
    else:
        moderation.flag_safeguarding(
            submission, moderator=request.user, reason=data["reason"]
        )
        messages.warning(
            request,
            f"{submission.reference} is marked as a safeguarding concern. "
            "The safeguarding contacts have been emailed.",
        )


@sensitive_post_parameters("text", "contact_name", "contact_email", "contact_phone")
def add_offline(request: HttpRequest) -> HttpResponse:
    """Type in a view that came on paper or by phone."""
    if not can_moderate(request.user):
        return permission_denied(request)
    form = OfflineSubmissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        submission = sharing.receive_submission(
            sharer_role=data["sharer_role"],
            text=data["text"],
            themes=data["themes"],
            region=data["region"],
            consent_to_publish=data["consent_to_publish"],
            contact_name=data["contact_name"],
            contact_email=data["contact_email"],
            contact_phone=data["contact_phone"],
            channel=data["channel"],
            recorded_on_behalf=bool(data["recorded_by"]),
            recorded_by=data["recorded_by"],
            entered_by=request.user,
        )
        messages.success(
            request,
            f"Saved as {submission.reference}. Write this code on the paper copy.",
        )
        return redirect("voices_admin:moderate", pk=submission.pk)
    return render(request, "voices/admin/add_offline.html", {"form": form})
