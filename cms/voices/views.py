"""Public views of the residents' and families' space.

Reading pages never write: no session, no cookie, no database row for an
anonymous reader. The "this matters to me too" button posts without a CSRF
token (a token would mean a cookie on every read) and is checked for a
same-origin request instead.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from ehch.accounts.ratelimit import client_ip, hit, too_many_requests, user_or_ip
from ehch.numbers import parse_page

from . import publication, sharing
from .forms import ON_BEHALF_ROLES, ShareForm, WithdrawForm, retention_in_words
from .models import SharerRole, Status, Submission, Theme, ThemeSynthesisPage

PAGE_SIZE = 20
VISITOR_COOKIE = "voices_visitor"
REFERENCE_COOKIE = "voices_reference"
WITHDRAWN_COOKIE = "voices_withdrawn"
COOKIE_PATH = "/what-good-looks-like/"
RATE_LIMITED = (
    "Lots of views have been sent from your internet connection in the last hour. "
    "Please wait {minutes} minutes, then press “Send my view” again. Your words "
    "are still here, so nothing is lost."
)
WITHDRAW_RATE_LIMITED = (
    "Too many codes have been tried from your internet connection. "
    "Please wait {minutes} minutes and try again."
)
WITHDRAW_LIMIT = 10  # codes tried per address per hour


def _minutes(seconds: int) -> int:
    return max(1, -(-seconds // 60))


def _breadcrumbs(*extra: tuple[str, str]) -> list[tuple[str, str]]:
    return [("/", "Home"), *extra]


def index(request: HttpRequest) -> HttpResponse:
    """Every theme with its newest statements, and how sharing works."""
    sections = publication.theme_sections()
    shown = [s.pk for section in sections for s in section.statements]
    return render(
        request,
        "voices/index.html",
        {
            "sections": sections,
            "agreed": _agreed(request, shown),
            "breadcrumbs": _breadcrumbs(),
            "retention": retention_in_words(),
        },
    )


def theme(request: HttpRequest, slug: str) -> HttpResponse:
    """One theme: its synthesis (if written) and all its statements."""
    # The statement counts come with the theme, in the query that finds it.
    return render_theme(
        request, get_object_or_404(publication.themes_with_counts(), slug=slug)
    )


def render_theme(
    request: HttpRequest,
    theme: Theme,
    synthesis: ThemeSynthesisPage | None = None,
) -> HttpResponse:
    """Render a theme page; ``synthesis`` overrides the live one (for previews)."""
    synthesis = synthesis or publication.synthesis_for(theme)
    if not hasattr(theme, "total"):  # a synthesis page passes its plain theme
        theme = publication.themes_with_counts().get(pk=theme.pk)
    statements = publication.published_statements().for_theme(theme)
    paginator = Paginator(statements, PAGE_SIZE)
    # Paginator.count is a cached property: give it the count the theme
    # brought, rather than asking the database a second time.
    paginator.__dict__["count"] = theme.total
    page_obj = paginator.get_page(parse_page(request.GET.get("page")))
    return render(
        request,
        "voices/theme.html",
        {
            "theme": theme,
            "synthesis": synthesis,
            "synthesis_statements": publication.statements_in(synthesis),
            "page_obj": page_obj,
            "statements": page_obj.object_list,
            "responded": theme.responded,
            "agreed": _agreed(request, [s.pk for s in page_obj.object_list]),
            "breadcrumbs": _breadcrumbs(
                (reverse("voices:index"), "What good looks like")
            ),
        },
    )


@sensitive_post_parameters("text", "contact_name", "contact_email", "contact_phone")
@require_http_methods(["GET", "POST"])
def share(request: HttpRequest) -> HttpResponse:
    """The form for sharing a view; thanks with a reference code when sent."""
    status = 200
    if request.method == "POST":
        form = ShareForm(request.POST)
        if form.is_valid():
            retry_after = hit(
                "voices-share",
                client_ip(request),
                settings.VOICES_SHARE_RATE_LIMIT,
                settings.VOICES_SHARE_RATE_WINDOW,
            )
            if retry_after is None:
                submission = _receive(form)
                response = redirect("voices:share_done")
                response.set_signed_cookie(
                    REFERENCE_COOKIE,
                    submission.reference,
                    salt=REFERENCE_COOKIE,
                    max_age=60 * 60,
                    path=COOKIE_PATH,
                    secure=request.is_secure(),
                    httponly=True,
                    samesite="Lax",
                )
                return response
            form.add_error(None, RATE_LIMITED.format(minutes=_minutes(retry_after)))
            status = 429
    else:
        form = ShareForm()
    return render(
        request,
        "voices/share.html",
        {
            "form": form,
            "breadcrumbs": _breadcrumbs(
                (reverse("voices:index"), "What good looks like")
            ),
            "theme_choices": _theme_choices(form),
        },
        status=status,
    )


def _receive(form: ShareForm) -> Submission:
    data = form.cleaned_data
    role = data["sharer_role"]
    on_behalf = role in ON_BEHALF_ROLES
    return sharing.receive_submission(
        sharer_role=role,
        text=data["text"],
        themes=data["themes"],
        region=data["region"],
        consent_to_publish=data["consent_to_publish"],
        contact_name=data["contact_name"],
        contact_email=data["contact_email"],
        contact_phone=data["contact_phone"],
        hear_back=data["hear_back"],
        channel="assisted" if on_behalf else "web",
        recorded_on_behalf=on_behalf,
        recorded_by=SharerRole(role).name.lower() if on_behalf else "",
    )


def _theme_choices(form: ShareForm) -> list[dict]:
    """Theme checkboxes with their pictures, keeping what was ticked."""
    field = form["themes"]
    ticked = {str(value) for value in (field.value() or [])}
    return [
        {
            "theme": theme,
            "id": f"{field.auto_id}_{number}",
            "checked": str(theme.pk) in ticked,
        }
        for number, theme in enumerate(form.fields["themes"].queryset)
    ]


def share_done(request: HttpRequest) -> HttpResponse:
    """Thank the person and show their reference code (held in a signed cookie)."""
    reference = request.get_signed_cookie(
        REFERENCE_COOKIE, default="", salt=REFERENCE_COOKIE, max_age=60 * 60
    )
    return render(
        request,
        "voices/share_done.html",
        {"reference": reference, "retention": retention_in_words()},
    )


def paper_form(request: HttpRequest) -> HttpResponse:
    """The share form's questions on a page to print, fill in by hand and post.

    A moderator types the answers in (Shared views → "Type in a paper or phone
    view"), so the questions and choices are the share form's own.
    """
    form = ShareForm()
    return render(
        request,
        "voices/paper_form.html",
        {
            "form": form,
            "roles": SharerRole.choices,
            "themes": form.fields["themes"].queryset,
            "regions": form.fields["region"].queryset,
            "retention": retention_in_words(),
            "breadcrumbs": _breadcrumbs(
                (reverse("voices:index"), "What good care looks like")
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest) -> HttpResponse:
    """Take a shared view off the site with its reference code."""
    status = 200
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        retry_after = hit("voices-withdraw", client_ip(request), WITHDRAW_LIMIT, 3600)
        if retry_after is not None:
            form.add_error(
                None, WITHDRAW_RATE_LIMITED.format(minutes=_minutes(retry_after))
            )
            status = 429
        elif (
            withdrawn := sharing.withdraw_by_reference(form.cleaned_data["reference"])
        ) is None:
            form.add_error(
                "reference", "We could not find that code. Check it and try again"
            )
        else:
            # The confirmation says what happened to this view: a safeguarding
            # concern keeps its words and contact details.
            response = redirect("voices:withdraw_done")
            response.set_signed_cookie(
                WITHDRAWN_COOKIE,
                "kept" if withdrawn.status == Status.SAFEGUARDING else "deleted",
                salt=WITHDRAWN_COOKIE,
                max_age=60 * 60,
                path=COOKIE_PATH,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
            return response
    return render(
        request,
        "voices/withdraw.html",
        {
            "form": form,
            "breadcrumbs": _breadcrumbs(
                (reverse("voices:index"), "What good looks like")
            ),
        },
        status=status,
    )


def withdraw_done(request: HttpRequest) -> HttpResponse:
    """Confirm a withdrawal, saying what happened to the contact details."""
    outcome = request.get_signed_cookie(
        WITHDRAWN_COOKIE, default="", salt=WITHDRAWN_COOKIE, max_age=60 * 60
    )
    return render(
        request,
        "voices/withdraw_done.html",
        {"outcome": outcome, "retention": retention_in_words()},
    )


def _is_same_origin(request: HttpRequest) -> bool:
    """True unless the browser says the post came from another site.

    Browsers since 2023 send Sec-Fetch-Site; older ones send Origin or Referer.
    A request with none of them is allowed: it is not from a modern browser
    on another site, and the harm is at most one extra count.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        return fetch_site in ("same-origin", "none")
    here = f"{request.scheme}://{request.get_host()}"
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        return origin == here
    referer = request.headers.get("Referer")
    if referer:
        parts = urlsplit(referer)
        return f"{parts.scheme}://{parts.netloc}" == here
    return True


@csrf_exempt  # see _is_same_origin and the module docstring
@require_POST
def agree(request: HttpRequest, pk: int) -> HttpResponse:
    """Count "this matters to me too" once per account, or once per browser."""
    if not _is_same_origin(request):
        return render(request, "voices/forbidden.html", status=403)
    submission = get_object_or_404(Submission.objects.published(), pk=pk)
    limit, window = settings.VOICES_AGREE_RATE_LIMIT
    retry_after = hit("voices-agree", user_or_ip(request), limit, window)
    if retry_after is not None:
        return too_many_requests(request, retry_after, "presses of this button")
    new_visitor = ""
    if request.user.is_authenticated:
        sharing.record_agreement(submission, user=request.user)
    else:
        visitor = _visitor_id(request)
        if not visitor:
            visitor = new_visitor = secrets.token_urlsafe(24)
        sharing.record_agreement(submission, visitor=visitor)
    target = request.POST.get("next", "")
    # Only a path on this site; redirect() would read other text as a view name.
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = submission.get_absolute_url()
    elif "#" not in target:
        target = f"{target}#statement-{submission.pk}"
    response = HttpResponseRedirect(target)
    if new_visitor:
        response.set_signed_cookie(
            VISITOR_COOKIE,
            new_visitor,
            salt=VISITOR_COOKIE,
            max_age=2 * 365 * 24 * 60 * 60,
            path=COOKIE_PATH,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    return response


def _visitor_id(request: HttpRequest) -> str:
    return request.get_signed_cookie(VISITOR_COOKIE, default="", salt=VISITOR_COOKIE)


def _agreed(request: HttpRequest, ids: list[int]) -> set[int]:
    if request.user.is_authenticated:
        return sharing.has_agreed(ids, user=request.user)
    return sharing.has_agreed(ids, visitor=_visitor_id(request))
