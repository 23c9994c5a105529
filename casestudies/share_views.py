"""Pages where an approved member shares their area's case study and follows it.

``/case-studies/share/`` is the form (and the list of what you have shared);
``/case-studies/share/<number>/`` shows where one stands and, once editors
have asked for changes, lets its author change it and send it again.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse

from casestudies.models import CaseStudySubmission
from casestudies.share_forms import (
    CaseStudyShareForm,
    OutcomeFormSet,
    OutcomeShareForm,
    SourceFormSet,
    SourceShareForm,
    as_initial,
    initial_from_page,
    row_formset,
    row_initial,
    unbound_copy,
)
from casestudies.sharing import (
    Status,
    can_change,
    editors_comment,
    resubmit,
    share,
    status_of,
    statuses,
)
from ehch import roles
from ehch.accounts.ratelimit import hit
from ehch.error_summary import form_errors
from ehch.numbers import parse_id

ADD_BUTTONS = {"add-outcome": "outcomes", "add-source": "sources"}
#: CASE_STUDY_SHARE_RATE_LIMIT new case studies per member in this window.
SHARE_WINDOW = 24 * 60 * 60


def _refuse(request: HttpRequest, index_page) -> HttpResponse | None:
    """Send visitors to sign in; tell pending members why they cannot share yet."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not roles.is_approved_member(request.user):
        return TemplateResponse(
            request,
            "casestudies/share_not_yet.html",
            {"page": index_page, "self": index_page, "index_url": index_page.url},
            status=403,
        )
    return None


def _share_url(index_page, submission: CaseStudySubmission) -> str:
    return f"{index_page.url}share/{submission.pk}/"


def _errors(form, formsets: dict[str, object]) -> list[tuple[str, str]]:
    """Every error on the page as (the field's id, the message), in page order."""
    found = form_errors(form)
    for heading, formset in formsets.items():
        for error in formset.non_form_errors():
            found.append(("", f"{heading}: {error}"))
        for number, row in enumerate(formset.forms, start=1):
            found += form_errors(row, f"{heading} {number}: ")
    return found


def _render(
    request, index_page, form, outcomes, sources, status=None, **context
) -> HttpResponse:
    errors = (
        _errors(form, {"Result": outcomes, "Source": sources}) if form.is_bound else []
    )
    status = status or (200 if not errors else 400)
    return TemplateResponse(
        request,
        "casestudies/share.html",
        {
            "page": index_page,
            "self": index_page,
            "index_url": index_page.url,
            "breadcrumbs": [("/", "Home"), (index_page.url, "Case studies")],
            "form": form,
            "outcomes": outcomes,
            "sources": sources,
            "errors": errors,
            "yours": _yours(request.user, index_page),
            **context,
        },
        status=status,
    )


def _yours(user, index_page) -> list[dict]:
    submissions = list(
        CaseStudySubmission.objects.filter(submitter=user)
        .select_related("page")
        .order_by("-submitted_at")
    )
    found = statuses(submissions)  # one query for all their workflows
    return [
        {
            "submission": submission,
            "url": _share_url(index_page, submission),
            "status": Status.LABELS[found[submission.pk]],
        }
        for submission in submissions
    ]


def _handle_post(request, index_page, submission=None) -> HttpResponse:
    """Validate and send, or show the form again (after "Add another" too)."""
    instance = submission.page.get_latest_revision_as_object() if submission else None
    form = CaseStudyShareForm(request.POST, instance=instance)
    outcomes = OutcomeFormSet(request.POST, prefix="outcomes")
    sources = SourceFormSet(request.POST, prefix="sources")
    adding = next(
        (prefix for button, prefix in ADD_BUTTONS.items() if button in request.POST),
        None,
    )
    context = {"submission": submission}
    if submission is not None:
        context["breadcrumbs"] = _breadcrumbs(index_page)
    if adding:
        # Show what was typed, with one more row, and check nothing yet.
        unbound = CaseStudyShareForm(initial=as_initial(form))
        outcomes = unbound_copy(outcomes, int(adding == "outcomes"))
        sources = unbound_copy(sources, int(adding == "sources"))
        return _render(
            request, index_page, unbound, outcomes, sources, added=adding, **context
        )
    valid = [form.is_valid(), outcomes.is_valid(), sources.is_valid()]
    if not all(valid):
        return _render(request, index_page, form, outcomes, sources, **context)
    if submission is None:
        retry_after = hit(
            "case-study-share",
            f"user:{request.user.pk}",
            settings.CASE_STUDY_SHARE_RATE_LIMIT,
            SHARE_WINDOW,
        )
        if retry_after is not None:
            hours = max(1, -(-retry_after // 3600))
            form.add_error(
                None,
                f"You have shared {settings.CASE_STUDY_SHARE_RATE_LIMIT} case "
                "studies today, the most one member can in a day. Nothing was "
                f"sent, and what you typed is still here: try again in {hours} "
                f"hour{'s' if hours != 1 else ''}, or contact the network.",
            )
            response = _render(
                request, index_page, form, outcomes, sources, status=429, **context
            )
            response["Retry-After"] = str(retry_after)
            return response
        shared = share(index_page, request.user, form, outcomes, sources)
    else:
        shared = resubmit(submission, request.user, form, outcomes, sources)
    if shared.editors_told:
        messages.success(
            request,
            "Thank you. Your case study is with the network's editors. We will "
            "email you when it is published, or if the editors ask for changes.",
        )
    else:
        messages.warning(
            request,
            "Your case study is saved, but no editor can be told about it at the "
            "moment. The site's administrators have been alerted; please also "
            "contact the network so it is not missed.",
        )
    return HttpResponseRedirect(_share_url(index_page, shared.submission))


def share_new(request: HttpRequest, index_page) -> HttpResponse:
    """The form for a new case study, and the list of those you have shared."""
    refused = _refuse(request, index_page)
    if refused is not None:
        return refused
    if request.method == "POST":
        return _handle_post(request, index_page)
    form = CaseStudyShareForm()
    return _render(
        request,
        index_page,
        form,
        row_formset(OutcomeFormSet, "outcomes"),
        row_formset(SourceFormSet, "sources"),
    )


def _own_submission(request: HttpRequest, number: str) -> CaseStudySubmission:
    pk = parse_id(number)
    submission = (
        CaseStudySubmission.objects.filter(pk=pk, submitter=request.user)
        .select_related("page")
        .first()
        if pk
        else None
    )
    if submission is None:
        # Someone else's case study is as missing as one that does not exist.
        raise Http404("No such shared case study")
    return submission


def share_detail(request: HttpRequest, index_page, number: str) -> HttpResponse:
    """Where one shared case study stands, and what the editors said."""
    refused = _refuse(request, index_page)
    if refused is not None:
        return refused
    submission = _own_submission(request, number)
    status = status_of(submission)
    context = {
        "page": index_page,
        "self": index_page,
        "index_url": index_page.url,
        "breadcrumbs": _breadcrumbs(index_page),
        "submission": submission,
        "status": status,
        "status_label": Status.LABELS[status],
        "comment": editors_comment(submission) if status == Status.SENT_BACK else "",
        "can_change": can_change(submission),
        "change_url": f"{_share_url(index_page, submission)}change/",
    }
    return TemplateResponse(request, "casestudies/share_status.html", context)


def share_change(request: HttpRequest, index_page, number: str) -> HttpResponse:
    """The author changes their case study after editors asked, and sends it again."""
    refused = _refuse(request, index_page)
    if refused is not None:
        return refused
    submission = _own_submission(request, number)
    if not can_change(submission):
        label = Status.LABELS[status_of(submission)].lower()
        messages.error(
            request,
            f"This case study cannot be changed now ({label}). Nothing was saved.",
        )
        return HttpResponseRedirect(_share_url(index_page, submission))
    if request.method == "POST":
        return _handle_post(request, index_page, submission)
    draft = submission.page.get_latest_revision_as_object()
    return _render(
        request,
        index_page,
        CaseStudyShareForm(initial=initial_from_page(draft)),
        row_formset(
            OutcomeFormSet,
            "outcomes",
            row_initial(draft.outcomes.all(), OutcomeShareForm),
        ),
        row_formset(
            SourceFormSet,
            "sources",
            row_initial(draft.sources.all(), SourceShareForm),
        ),
        submission=submission,
    )


def _breadcrumbs(index_page) -> list[tuple[str, str]]:
    return [
        ("/", "Home"),
        (index_page.url, "Case studies"),
        (f"{index_page.url}share/", "Share your case study"),
    ]
