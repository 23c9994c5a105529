"""Saving searches, listing them, and stopping their emails."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from search.alerts import InvalidSavedSearch, save_search, saved_search_for_token
from search.models import SavedSearch


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


@login_required
@require_POST
def save(request: HttpRequest) -> HttpResponse:
    """Save the search the form names; come back to where the member was."""
    scope = request.POST.get("scope", "")
    querystring = request.POST.get("querystring", "")[:1000]
    back = _back(request, reverse("search_saved"))
    try:
        _saved, created = save_search(request.user, scope, querystring)
    except InvalidSavedSearch as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(back)
    if created:
        messages.success(
            request,
            "Search saved. We will email you when something new matches, "
            "at most once a day.",
        )
    else:
        messages.info(request, "You had already saved this search.")
    return HttpResponseRedirect(back)


@login_required
def saved_list(request: HttpRequest) -> HttpResponse:
    """The member's saved searches."""
    searches = SavedSearch.objects.filter(user=request.user, active=True)
    return TemplateResponse(request, "search/saved_list.html", {"searches": searches})


@login_required
@require_POST
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Forget one of the member's saved searches."""
    saved = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    saved.delete()
    messages.success(
        request, "Saved search removed. You will get no more emails for it."
    )
    return HttpResponseRedirect(reverse("search_saved"))


# Exempt from CSRF on purpose, and only this view: a mail program's one-click
# unsubscribe (RFC 8058) POSTs with no cookie and no token. The signed token in
# the address is the proof; a GET only shows the button, so link scanners
# cannot unsubscribe anyone.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """Stop a saved search's emails; a button, so mail scanners cannot do it."""
    saved = saved_search_for_token(token)
    if saved is None:
        return TemplateResponse(
            request, "search/unsubscribe.html", {"invalid": True}, status=404
        )
    done = False
    if request.method == "POST":
        saved.active = False
        saved.save(update_fields=["active"])
        done = True
    return TemplateResponse(
        request,
        "search/unsubscribe.html",
        {"saved": saved, "done": done or not saved.active},
    )
