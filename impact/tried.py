"""What happens to a "we tried this" report, from sending to its follow-up.

Every write spanning more than one row is one function here, inside a
transaction; every email is sent after the rows it reports on are saved, so a
mail server that is down never undoes a decision, and what the person acting
is told says whether the email went.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from cms.site_address import absolute_url
from ehch import roles
from ehch.emails import send_email
from search.receivers import enqueue_index

from .models import (
    Decision,
    Moderated,
    TriedFollowUp,
    TriedOutcome,
    TriedReport,
    ValueStory,
)

logger = logging.getLogger(__name__)

#: The page types a member can say they tried something from.
TRIABLE = {
    "casestudies.casestudypage",
    "cms.guidancepage",
    "cms.leadershipresourcepage",
}


class DecisionError(ValueError):
    """A decision that cannot be made; the message is for the moderator."""


@dataclass(frozen=True)
class Sent:
    """A saved report or follow-up, and whether any moderator was told."""

    item: Moderated
    moderators_told: bool


def is_triable(page: Page) -> bool:
    """True for a live page of a kind areas can try things from."""
    return page.live and page.specific_class._meta.label_lower in TRIABLE


def can_see_page(page: Page, request) -> bool:
    """True when the request may read ``page`` (Wagtail's privacy restrictions)."""
    return all(r.accept_request(request) for r in page.get_view_restrictions())


def submit(
    page: Page,
    member: AbstractBaseUser,
    report: TriedReport,
    outcome: TriedOutcome | None,
) -> Sent:
    """Save a new report (and its result) for moderation; tell the moderators."""
    with transaction.atomic():
        report.page = page
        report.member = member
        report.status = Decision.PENDING
        report.save()
        if outcome is not None:
            outcome.report = report
            outcome.save()
    return Sent(report, _tell_moderators(report))


def follow_up(report: TriedReport, follow_up: TriedFollowUp) -> Sent:
    """Save the member's follow-up of their report for moderation."""
    follow_up.report = report
    follow_up.status = Decision.PENDING
    follow_up.save()
    return Sent(follow_up, _tell_moderators(follow_up))


def tell_story(story: ValueStory, author: AbstractBaseUser, links: dict) -> Sent:
    """Save a value story and what it draws on, for moderation."""
    with transaction.atomic():
        story.author = author
        story.status = Decision.PENDING
        story.save()
        story.pages.set(links["pages"])
        story.topics.set(links["topics"])
        story.tried_reports.set(links["tried_reports"])
    return Sent(story, _tell_moderators(story))


def _describe(item: Moderated) -> tuple[str, str, str]:
    """(what it is, what it is about, where it shows) for emails."""
    if isinstance(item, ValueStory):
        return "value story", f"“{item.title}”", item.get_absolute_url()
    report = item if isinstance(item, TriedReport) else item.report
    what = "we-tried-this report" if item is report else "we-tried-this update"
    return what, f"“{report.page.title}” ({report.area})", report.get_absolute_url()


def _tell_moderators(item: Moderated) -> bool:
    addresses = roles.moderator_addresses()
    what, about, _url = _describe(item)
    if not addresses:
        logger.error(
            "No moderator has an email address: nobody was told of %s %s. Add an "
            "address to a moderator's account.",
            what,
            item.pk,
        )
        return False
    try:
        send_email(
            f"A {what} is waiting for a moderator",
            "impact/email/to_moderators",
            {
                "what": what,
                "about": about,
                "queue_url": absolute_url(reverse("impact_admin:queue")),
            },
            addresses,
        )
    except Exception:
        logger.exception("Could not email moderators about %s %s", what, item.pk)
        return False
    return True


def decide(
    item: Moderated,
    *,
    approve: bool,
    note: str,
    by: AbstractBaseUser,
) -> str:
    """Publish or turn down a pending report, update or story; say what happened."""
    model = type(item)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=item.pk)
        if locked.status != Decision.PENDING:
            raise DecisionError(
                f"This was already decided ({locked.get_status_display().lower()})."
            )
        if not approve and not note.strip():
            raise DecisionError(
                "Say why it is not published: the member who wrote it is told."
            )
        locked.status = Decision.APPROVED if approve else Decision.REJECTED
        locked.decided_at = timezone.now()
        locked.decided_by = by
        locked.decision_note = note.strip()
        locked.save()
    if approve and model is not ValueStory:
        # On commit: a rolled-back decision must not reach the index.
        transaction.on_commit(
            lambda: enqueue_index(locked if model is TriedReport else locked.report)
        )
    done = "Published." if approve else "Not published."
    return f"{done} {_tell_member(locked)}"


def _tell_member(item: Moderated) -> str:
    member = item.owner
    if not member.is_active or not member.email:
        return "The member has no email address, so they were not told."
    what, about, url = _describe(item)
    try:
        send_email(
            f"Your {what} "
            + ("is published" if item.is_published else "was not published"),
            "impact/email/decision",
            {
                "item": item,
                "what": what,
                "about": about,
                "page_url": absolute_url(url),
                "mine_url": absolute_url(reverse("impact:mine")),
            },
            [member.email],
        )
    except Exception:
        logger.exception("Could not email member about %s %s", what, item.pk)
        return "The email to the member could not be sent (the error is logged)."
    return "The member has been emailed."


def shown_on(page: Page) -> list[TriedReport]:
    """The published reports on ``page``, with their result and approved update."""
    return list(
        TriedReport.objects.approved()
        .filter(page=page)
        .select_related(
            "outcome", "outcome__measure_term", "follow_up", "member__member_profile"
        )
        .order_by("-started_on", "-pk")
    )


def follow_up_due(now: datetime | None = None):
    """Approved reports whose author has not yet been asked what happened since."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.TRIED_FOLLOW_UP_DAYS)
    return TriedReport.objects.filter(
        Q(follow_up__isnull=True),
        status=Decision.APPROVED,
        decided_at__lte=cutoff,
        follow_up_sent_at__isnull=True,
        member__is_active=True,
    ).exclude(member__email="")


def send_follow_ups(now: datetime | None = None) -> dict[str, int]:
    """Ask each due author once what has happened since; count the outcomes.

    Each report is claimed with a conditional update before its email, so a
    second run (or a second server) at the same moment sends nothing twice;
    an email that fails is released again for the next run, and logged.
    """
    now = now or timezone.now()
    counts = {"sent": 0, "failed": 0}
    for report in follow_up_due(now).select_related("member", "page"):
        claimed = TriedReport.objects.filter(
            pk=report.pk, follow_up_sent_at__isnull=True
        ).update(follow_up_sent_at=now)
        if not claimed:
            continue
        try:
            send_email(
                "What has happened since you tried it?",
                "impact/email/follow_up",
                {
                    "report": report,
                    "page_url": absolute_url(report.page.url),
                    "answer_url": absolute_url(
                        reverse("impact:follow_up", args=[report.pk])
                    ),
                },
                [report.member.email],
            )
        except Exception:
            logger.exception("Could not send the follow-up of report %s", report.pk)
            TriedReport.objects.filter(pk=report.pk).update(follow_up_sent_at=None)
            counts["failed"] += 1
        else:
            counts["sent"] += 1
    return counts
