"""Saved searches: members save a filtered list and hear about new matches.

Quiet by default: nothing is sent unless a member saves a search, at most one
email per saved search per day, and every email has an unsubscribe link that
works without signing in.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.core import signing
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from ehch.emails import send_email
from search import service
from search.forms import SiteSearchForm
from search.models import SavedSearch

logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "search.saved-search.unsubscribe"
ALERT_INTERVAL = timedelta(days=1)
ALERT_LIMIT = 20
DROPPED_PARAMS = {"page", "format", "compare", "csrfmiddlewaretoken"}


class InvalidSavedSearch(ValueError):
    """The search to save does not parse; the message is for the member."""


def normalise(querystring: str) -> str:
    """Drop paging and format parameters, sort the rest: one form per search."""
    params = QueryDict(querystring)
    kept = QueryDict(mutable=True)
    for key in sorted(params):
        if key not in DROPPED_PARAMS:
            kept.setlist(key, sorted(v for v in params.getlist(key) if v))
    return kept.urlencode()


def build_request(saved_scope: str, querystring: str, audiences: tuple[str, ...]):
    """Turn a saved scope and query string into a search request, newest first."""
    params = QueryDict(querystring)
    if saved_scope == SavedSearch.Scope.CASE_STUDIES:
        from casestudies.filters import CaseStudyQueryForm
        from casestudies.terms import all_terms

        form = CaseStudyQueryForm(params, terms=all_terms())
        if not form.is_valid():
            raise InvalidSavedSearch("This search has filters we no longer offer.")
        query = form.to_query()
        return service.case_study_request(
            query.q, query.selected, "newest", 1, ALERT_LIMIT
        )
    form = SiteSearchForm(params)
    if not form.is_valid() or not (form.cleaned_data["q"] or "").strip():
        raise InvalidSavedSearch("Only a search with some words can be saved.")
    request = service.site_request(
        form.cleaned_data["q"],
        form.cleaned_data["type"] or [],
        1,
        audiences,
        ALERT_LIMIT,
    )
    # Alerts want the newest matches, not the best.
    return type(request)(**{**request.__dict__, "sort": "newest"})


def describe(scope: str, querystring: str) -> str:
    """A short plain description of a saved search for lists and emails."""
    params = QueryDict(querystring)
    parts = [f"“{params['q']}”"] if params.get("q") else []
    for key in sorted(params):
        if key not in {"q", "sort"}:
            parts.append(f"{key}: {', '.join(params.getlist(key))}")
    what = "Case studies" if scope == SavedSearch.Scope.CASE_STUDIES else "Everything"
    return f"{what}{' – ' + '; '.join(parts) if parts else ''}"[:300]


def save_search(user, scope: str, querystring: str) -> tuple[SavedSearch, bool]:
    """Save a search for ``user``; return it and whether it is new."""
    if scope not in SavedSearch.Scope.values:
        raise InvalidSavedSearch("We do not know that kind of search.")
    querystring = normalise(querystring)
    build_request(scope, querystring, ("public", "members"))  # validates it
    try:
        with transaction.atomic():
            saved = SavedSearch.objects.create(
                user=user,
                scope=scope,
                querystring=querystring,
                description=describe(scope, querystring),
                last_checked_at=timezone.now(),
            )
            return saved, True
    except IntegrityError:
        saved = SavedSearch.objects.get(user=user, scope=scope, querystring=querystring)
        if not saved.active:
            saved.active = True
            saved.last_checked_at = timezone.now()
            saved.save(update_fields=["active", "last_checked_at"])
        return saved, False


def unsubscribe_token(saved: SavedSearch) -> str:
    """A signed token that stops one saved search's emails."""
    return signing.dumps({"s": saved.pk, "u": saved.user_id}, salt=UNSUBSCRIBE_SALT)


def saved_search_for_token(token: str) -> SavedSearch | None:
    """The saved search a token names, or None when it is not genuine."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return SavedSearch.objects.filter(pk=data.get("s"), user_id=data.get("u")).first()


def _absolute(path: str) -> str:
    from cms.site_address import absolute_url

    return absolute_url(path)


def new_matches(saved: SavedSearch) -> list:
    """Hits published since the saved search was last checked, newest first."""
    audiences = service.audiences_for(saved.user)
    request = build_request(saved.scope, saved.querystring, audiences)
    outcome = service.search(request)
    return [
        h
        for h in outcome.hits
        if h.published_at and h.published_at > saved.last_checked_at
    ]


def claim_saved_search(saved: SavedSearch, now: datetime) -> bool:
    """Mark ``saved`` checked at ``now`` unless another run did it first.

    A conditional update: it moves ``last_checked_at`` forward only from the
    value this run read, so of two runs at once exactly one wins and sends.
    """
    claimed = SavedSearch.objects.filter(
        pk=saved.pk, last_checked_at=saved.last_checked_at
    ).update(last_checked_at=now)
    return claimed == 1


def _unclaim(saved: SavedSearch, previous: datetime, now: datetime) -> None:
    SavedSearch.objects.filter(pk=saved.pk, last_checked_at=now).update(
        last_checked_at=previous
    )


def _send_alert(saved: SavedSearch, hits: list) -> None:
    unsubscribe = _absolute(
        reverse("search_saved_unsubscribe", args=[unsubscribe_token(saved)])
    )
    context = {
        "saved": saved,
        "hits": hits,
        "site_url": _absolute("/").rstrip("/"),
        "unsubscribe_url": unsubscribe,
    }
    # RFC 8058 headers: mail programs stop the alert in one click, a POST.
    send_email(
        f"New matches: {saved.description}"[:150],
        "search/email/alert",
        context,
        [saved.user.email],
        unsubscribe_url=unsubscribe,
    )


def send_due_alerts(now: datetime | None = None) -> int:
    """Email each member whose saved searches have new matches; return emails sent.

    Safe to run twice, even at once on two servers: each saved search is
    claimed (``claim_saved_search``) after its matches are found and before
    its email goes, so only one run sends it, and the next is not due for a
    day. An email that raises gives the claim back, so the next run sends it;
    a crash between claim and send loses that one alert rather than sending
    it twice.
    """
    now = now or timezone.now()
    due = SavedSearch.objects.filter(
        active=True, user__is_active=True, last_checked_at__lte=now - ALERT_INTERVAL
    ).select_related("user")
    sent = 0
    for saved in due:
        try:
            hits = new_matches(saved)
        except InvalidSavedSearch:
            logger.warning("saved search %s no longer parses; skipped", saved.pk)
            continue
        previous = saved.last_checked_at
        if not claim_saved_search(saved, now):
            continue  # another run has just checked it
        saved.last_checked_at = now
        if hits and saved.user.email:
            try:
                _send_alert(saved, hits)
            except BaseException:
                _unclaim(saved, previous, now)
                raise
            sent += 1
    return sent
