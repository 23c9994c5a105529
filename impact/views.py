"""The member's side of "we tried this": the form, their reports, the follow-up.

``/we-tried-this/page/<n>/`` is the form for the page numbered ``n`` (a case
study, guidance or a leadership resource the member may read);
``/we-tried-this/yours/`` lists the member's reports and where each stands;
``/we-tried-this/<n>/since/`` is the follow-up, for the report's author only.
Visitors are sent to sign in; an account awaiting approval is told why it
cannot report yet.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache
from machina.core.db.models import get_model
from wagtail.models import Page

from cms.visibility import public_q
from ehch import roles
from ehch.accounts.ratelimit import hit
from ehch.error_summary import form_errors
from ehch.numbers import parse_id

from . import tried
from .forms import FollowUpForm, TriedOutcomeForm, TriedReportForm, ValueStoryForm
from .models import Cycle, Decision, TriedReport, ValueStory

Topic = get_model("forum_conversation", "Topic")

#: TRIED_REPORT_RATE_LIMIT reports per member in this window.
REPORT_WINDOW = 24 * 60 * 60


def _refuse(request: HttpRequest) -> HttpResponse | None:
    """Send visitors to sign in; tell members awaiting approval why not yet."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not roles.is_approved_member(request.user):
        return TemplateResponse(request, "impact/not_yet.html", status=403)
    return None


def _triable_page(request: HttpRequest, number: str) -> Page:
    pk = parse_id(number)
    page = Page.objects.filter(pk=pk).first() if pk else None
    # A page the member may not read is as missing as one that does not exist.
    if (
        page is None
        or not tried.is_triable(page)
        or not tried.can_see_page(page, request)
    ):
        raise Http404("No page to report on")
    return page.specific


@never_cache
def report(request: HttpRequest, number: str) -> HttpResponse:
    """Say that your area tried something from a page, and what happened."""
    refused = _refuse(request)
    if refused is not None:
        return refused
    page = _triable_page(request, number)
    form = TriedReportForm(request.POST or None)
    outcome = TriedOutcomeForm(request.POST or None, prefix="result")
    status = 200
    if request.method == "POST":
        with_result = not outcome.is_blank()
        valid = form.is_valid() & (outcome.is_valid() if with_result else True)
        if valid:
            retry_after = hit(
                "tried-report",
                f"user:{request.user.pk}",
                settings.TRIED_REPORT_RATE_LIMIT,
                REPORT_WINDOW,
            )
            if retry_after is None:
                sent = tried.submit(
                    page,
                    request.user,
                    form.save(commit=False),
                    outcome.save(commit=False) if with_result else None,
                )
                _say_sent(request, sent)
                return HttpResponseRedirect(reverse("impact:mine"))
            hours = max(1, -(-retry_after // 3600))
            form.add_error(
                None,
                f"You have sent {settings.TRIED_REPORT_RATE_LIMIT} reports today, "
                "the most one member can in a day. Nothing was sent, and what you "
                f"typed is still here: try again in {hours} "
                f"hour{'s' if hours != 1 else ''}.",
            )
            status = 429
        else:
            status = 400
    errors = form_errors(form) if form.is_bound else []
    if form.is_bound:
        # A result left empty is skipped: show it empty, without "required".
        if outcome.is_blank():
            outcome = TriedOutcomeForm(prefix="result")
        else:
            errors += form_errors(outcome, "Result, ", with_labels=True)
    response = TemplateResponse(
        request,
        "impact/report.html",
        {
            "page": page,
            "form": form,
            "outcome": outcome,
            "errors": errors,
            "breadcrumbs": [("/", "Home"), (page.url, page.title)],
        },
        status=status,
    )
    if status == 429:
        response["Retry-After"] = str(retry_after)
    return response


def _say_sent(request: HttpRequest, sent: tried.Sent) -> None:
    what = "story" if isinstance(sent.item, ValueStory) else "report"
    if sent.moderators_told:
        messages.success(
            request,
            "Thank you. A moderator will read it before it is published, usually "
            "within two working days. We will email you when it is decided.",
        )
    else:
        messages.warning(
            request,
            f"Your {what} is saved, but no moderator could be told about it at the "
            "moment. The site's administrators have been alerted; it will be read "
            "when a moderator next looks at the queue.",
        )


@never_cache
def mine(request: HttpRequest) -> HttpResponse:
    """The member's reports, where each stands, and their follow-ups."""
    refused = _refuse(request)
    if refused is not None:
        return refused
    reports = (
        TriedReport.objects.filter(member=request.user)
        .select_related("page", "follow_up")
        .order_by("-created_at")
    )
    return TemplateResponse(
        request,
        "impact/mine.html",
        {
            "reports": list(reports),
            "stories": list(ValueStory.objects.filter(author=request.user)),
        },
    )


@never_cache
def follow_up(request: HttpRequest, number: str) -> HttpResponse:
    """The report's author says what has happened since (once, after approval)."""
    refused = _refuse(request)
    if refused is not None:
        return refused
    pk = parse_id(number)
    report_ = (
        TriedReport.objects.filter(pk=pk, member=request.user)
        .select_related("page", "follow_up")
        .first()
        if pk
        else None
    )
    if report_ is None:
        # Someone else's report is as missing as one that does not exist.
        raise Http404("No such report")
    if report_.status != Decision.APPROVED or report_.pending_follow_up is not None:
        messages.info(
            request,
            "You have already told us what happened since."
            if report_.pending_follow_up is not None
            else "You can say what happened since once your report is published.",
        )
        return HttpResponseRedirect(reverse("impact:mine"))
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        sent = tried.follow_up(report_, form.save(commit=False))
        if sent.moderators_told:
            messages.success(
                request,
                "Thank you. A moderator will read your update before it is "
                "published under your report.",
            )
        else:
            messages.warning(
                request,
                "Your update is saved, but no moderator could be told about it "
                "at the moment. The site's administrators have been alerted.",
            )
        return HttpResponseRedirect(reverse("impact:mine"))
    return TemplateResponse(
        request,
        "impact/follow_up.html",
        {"report": report_, "form": form, "errors": form_errors(form)},
        status=400 if form.is_bound else 200,
    )


def stories(request: HttpRequest) -> HttpResponse:
    """Published value stories, by kind of value, with what each draws on."""
    published = list(
        ValueStory.objects.published()
        .select_related("author__member_profile")
        .prefetch_related(
            Prefetch("pages", queryset=Page.objects.live().filter(public_q())),
            Prefetch("topics", queryset=Topic.objects.select_related("forum")),
            Prefetch(
                "tried_reports",
                queryset=TriedReport.objects.public().select_related("page"),
            ),
        )
    )
    by_cycle = [
        {
            "cycle": value,
            "label": label,
            "stories": [s for s in published if s.cycle == value],
        }
        for value, label in Cycle.choices
    ]
    return TemplateResponse(
        request,
        "impact/stories.html",
        {"by_cycle": by_cycle, "count": len(published)},
    )


@never_cache
def story_new(request: HttpRequest) -> HttpResponse:
    """Write a value story (approved members, and editors)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not (
        roles.is_approved_member(request.user)
        or request.user.has_perm("impact.moderate_triedreport")
    ):
        return TemplateResponse(request, "impact/not_yet.html", status=403)
    form = ValueStoryForm(request.POST or None)
    status = 400 if form.is_bound else 200
    if request.method == "POST" and form.is_valid():
        retry_after = hit(
            "value-story",
            f"user:{request.user.pk}",
            settings.TRIED_REPORT_RATE_LIMIT,
            REPORT_WINDOW,
        )
        if retry_after is None:
            sent = tried.tell_story(form.save(commit=False), request.user, form.linked)
            _say_sent(request, sent)
            return HttpResponseRedirect(reverse("impact:mine"))
        form.add_error(
            None,
            "You have sent as many stories today as one member can. Nothing was "
            "sent, and what you typed is still here: try again tomorrow.",
        )
        status = 429
    return TemplateResponse(
        request,
        "impact/story_form.html",
        {"form": form, "errors": form_errors(form)},
        status=status,
    )
