"""The moderators' queue of "we tried this" reports and follow-ups (Wagtail admin).

Moderators and editors (``impact.moderate_triedreport``) read each report and
publish it or turn it down with a reason the member is told.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from wagtail.admin.auth import permission_denied

from ehch.numbers import parse_id

from . import tried
from .models import Decision, TriedFollowUp, TriedReport, ValueStory

MODERATE = "impact.moderate_triedreport"
KINDS = {"report": TriedReport, "follow-up": TriedFollowUp, "story": ValueStory}


def can_moderate(user) -> bool:
    """True for moderators and editors (and superusers)."""
    return user.has_perm(MODERATE)


class DecisionForm(forms.Form):
    """Publish, or not, with a reason the member reads."""

    decision = forms.ChoiceField(
        choices=[("approve", "Publish it"), ("reject", "Do not publish it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to publish it."},
    )
    note = forms.CharField(
        label="Why not (sent to the member)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when it is not published. Be kind and specific: for "
        "example, it names a resident.",
    )

    def clean(self) -> dict:
        """A reason is needed to turn something down: the member is told it."""
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not cleaned.get("note", "").strip():
            self.add_error(
                "note", "Say why it is not published: the member who wrote it is told."
            )
        return cleaned


def queue(request: HttpRequest) -> HttpResponse:
    """What waits for a moderator, oldest first; and the latest decisions."""
    if not can_moderate(request.user):
        return permission_denied(request)
    return render(
        request,
        "impact/admin/queue.html",
        {
            "reports": TriedReport.objects.pending().select_related("page", "member"),
            "follow_ups": TriedFollowUp.objects.pending().select_related(
                "report__page", "report__member"
            ),
            "stories": ValueStory.objects.pending().select_related("author"),
            "decided": _latest_decisions(),
        },
    )


def _latest_decisions(count: int = 20) -> list[dict]:
    """The latest decisions on reports, updates and stories, newest first."""
    rows = []
    for kind, model in KINDS.items():
        decided = (
            model.objects.exclude(status=Decision.PENDING)
            .select_related("decided_by")
            .order_by("-decided_at")
        )
        if model is TriedFollowUp:
            decided = decided.select_related("report__page")
        elif model is TriedReport:
            decided = decided.select_related("page")
        rows += [{"kind": kind, "item": item} for item in decided[:count]]
    rows.sort(key=lambda row: row["item"].decided_at, reverse=True)
    return rows[:count]


def moderate(request: HttpRequest, kind: str, number: str) -> HttpResponse:
    """One report or follow-up in full, and the decision form while pending."""
    if not can_moderate(request.user):
        return permission_denied(request)
    model = KINDS.get(kind)
    pk = parse_id(number)
    item = model.objects.filter(pk=pk).first() if model and pk else None
    if item is None:
        raise Http404("No such report")
    if isinstance(item, ValueStory):
        report = None
    else:
        report = item if isinstance(item, TriedReport) else item.report
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = tried.decide(
                item,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except tried.DecisionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, outcome)
            return redirect("impact_admin:queue")
    return render(
        request,
        "impact/admin/moderate_story.html"
        if report is None
        else "impact/admin/moderate.html",
        {"item": item, "kind": kind, "report": report, "form": form},
        status=400 if form.errors else 200,
    )
