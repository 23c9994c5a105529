"""The moderation queue in the Wagtail admin.

Moderators (permission ``voices.moderate_submission``) read, edit, approve,
reject or flag views and type in paper or phone views. Safeguarding contacts
(``voices.view_submission``) can open a view but not decide on it. These are
the only pages that show the original text and contact details.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, Count, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from wagtail.admin.auth import permission_denied

from ehch.numbers import parse_page

from . import deidentify, moderation, responses, safeguarding, sharing
from .forms import AcknowledgeForm, ModerateForm, OfflineSubmissionForm, ResponseForm
from .models import (
    AlertStatus,
    SafeguardingAlert,
    SafeguardingConcern,
    Status,
    Submission,
    SubmissionContact,
)

MODERATE = "voices.moderate_submission"
VIEW = "voices.view_submission"


def can_moderate(user) -> bool:
    """True for a moderator (or a superuser)."""
    return user.has_perm(MODERATE)


def can_view(user) -> bool:
    """True for anyone allowed to open shared views in the admin."""
    return user.has_perm(MODERATE) or user.has_perm(VIEW)


def safeguarding_warnings() -> list[str]:
    """Problems with the safeguarding route, shown at the top of every queue page."""
    warnings = []
    if safeguarding.recipients_missing():
        warnings.append(
            "Nobody will be emailed if you mark a view as a safeguarding concern: "
            "there are no safeguarding contacts. " + safeguarding.NO_RECIPIENTS_HELP
        )
    failing = SafeguardingAlert.objects.failing().count()
    if failing:
        warnings.append(
            f"{failing} safeguarding email{'s have' if failing != 1 else ' has'} "
            "failed to send and will be tried again. Check the email settings, "
            "and phone the safeguarding lead about the concerns listed under "
            "“Safeguarding emails”."
        )
    waiting = SafeguardingConcern.objects.filter(acknowledged_at__isnull=True).count()
    if waiting:
        warnings.append(
            f"{waiting} safeguarding concern{'s are' if waiting != 1 else ' is'} "
            "not yet acknowledged by a safeguarding contact."
        )
    return warnings


def queue(request: HttpRequest) -> HttpResponse:
    """Shared views by status; "waiting for a moderator" first, possible harm on top."""
    if not can_view(request.user):
        return permission_denied(request)
    status = request.GET.get("status", Status.RECEIVED)
    if status not in Status.values:
        status = Status.RECEIVED
    if status == Status.RECEIVED:
        submissions = Submission.objects.awaiting_moderation()
    else:
        submissions = Submission.objects.filter(status=status).order_by("-created_at")
    submissions = submissions.prefetch_related("themes").select_related(
        "region", "safeguarding_concern"
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
            "safeguarding_warnings": safeguarding_warnings(),
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
    form = ModerateForm(
        request.POST or None,
        initial=initial,
        possible_safeguarding=submission.possible_safeguarding,
    )
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
    concern = SafeguardingConcern.objects.filter(submission=submission).first()
    return render(
        request,
        "voices/admin/moderate.html",
        {
            "submission": submission,
            "form": form,
            "allowed": allowed,
            "concern": concern,
            "alerts": concern.alerts.all() if concern else [],
            "can_acknowledge": concern is not None
            and not concern.is_acknowledged
            and safeguarding.can_acknowledge(request.user),
            "acknowledge_form": AcknowledgeForm(),
            "safeguarding_warnings": safeguarding_warnings(),
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
            harm_checked=data.get("harm_checked", False),
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
        # Said after the commit, from the outbox: exactly what has happened.
        message, is_problem = safeguarding.flag_message(submission)
        (messages.error if is_problem else messages.warning)(request, message)


@require_POST
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """A safeguarding contact says they have seen the concern (stops escalation)."""
    if not safeguarding.can_acknowledge(request.user):
        return permission_denied(request)
    submission = get_object_or_404(Submission, pk=pk)
    form = AcknowledgeForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        safeguarding.acknowledge_concern(submission, user=request.user, note=note)
    except safeguarding.SafeguardingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"You have acknowledged the concern in {submission.reference}. "
            "Nobody else will be reminded about it.",
        )
    return redirect("voices_admin:moderate", pk=submission.pk)


def outbox(request: HttpRequest) -> HttpResponse:
    """Every safeguarding email: unsent and failing ones first."""
    if not can_view(request.user):
        return permission_denied(request)
    unsent_first = Case(When(status=AlertStatus.SENT, then=1), default=0)
    alerts = SafeguardingAlert.objects.select_related("concern__submission").order_by(
        unsent_first, "-created_at"
    )
    page_obj = Paginator(alerts, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "voices/admin/outbox.html",
        {"page_obj": page_obj, "safeguarding_warnings": safeguarding_warnings()},
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
            hear_back=data["hear_back"],
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


RESPOND = "voices.add_statementresponse"


def can_respond(user) -> bool:
    """True for editors and moderators, who may answer published views publicly."""
    return user.has_perm(RESPOND)


def responses_list(request: HttpRequest) -> HttpResponse:
    """Published views, those without a response first, for editors to answer."""
    if not can_respond(request.user):
        return permission_denied(request)
    unanswered = request.GET.get("show") != "all"
    statements = (
        Submission.objects.published()
        .annotate(response_count=Count("responses"))
        .order_by("response_count" if unanswered else "-published_at", "-published_at")
    )
    if unanswered:
        statements = statements.filter(response_count=0)
    page_obj = Paginator(statements, 50).get_page(parse_page(request.GET.get("page")))
    return render(
        request,
        "voices/admin/responses.html",
        {"page_obj": page_obj, "unanswered": unanswered},
    )


def respond(request: HttpRequest, pk: int) -> HttpResponse:
    """One published view: its responses so far, and a form to add one."""
    if not can_respond(request.user):
        return permission_denied(request)
    statement = get_object_or_404(Submission.objects.published(), pk=pk)
    form = ResponseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _response, outcome = responses.respond(
                statement,
                responder=data["responder"],
                text=data["text"],
                linked_page=data["linked_page"],
                by=request.user,
            )
        except responses.ResponseError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, outcome)
            return redirect("voices_admin:respond", pk=statement.pk)
    return render(
        request,
        "voices/admin/respond.html",
        {
            "statement": statement,
            "form": form,
            "responses": statement.responses.select_related(
                "linked_page", "created_by"
            ),
        },
    )
