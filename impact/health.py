"""Community health by month, for the network's managers (issue 22 item 4).

Every figure is computed from records the site already keeps (approvals,
posts, answers, moderation decisions, shared views, responses and reports):
no tracking script and no write per page view. Counts are SQL aggregates by
calendar month in the site's time zone (Europe/London). Medians are taken
over the waits one query returns for the month's items, in Python, because
SQLite (``make run``) has no median function; each figure's ``how`` says
what it counts.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone
from machina.core.db.models import get_model

from cms.voices.models import Decision as ViewDecision
from cms.voices.models import ModerationDecision, StatementResponse, Submission
from ehch.accounts.models import MemberProfile, Status
from forum.models import ModerationLogEntry, TopicAnswer

from .models import Cycle, Decision, TriedFollowUp, TriedReport, ValueStory

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")

MAX_MONTHS = 36
Value = int | float | None


@dataclass
class Figure:
    """One figure by month, with how it is computed."""

    key: str
    label: str
    how: str
    unit: str = ""
    values: dict[date, Value] = field(default_factory=dict)

    @property
    def heading(self) -> str:
        """The label with its unit, unless the label already names it."""
        if not self.unit or self.unit in self.label:
            return self.label
        return f"{self.label} ({self.unit})"

    def value(self, month: date) -> Value:
        """The figure for ``month``: 0 for a count with none, None for no median."""
        empty = None if self.unit in ("days", "hours", "%") else 0
        return self.values.get(month, empty)


@dataclass
class Section:
    """A group of figures shown as one table."""

    title: str
    figures: list[Figure]


def months_ending(today: date, count: int) -> list[date]:
    """The first days of ``count`` calendar months up to ``today``'s, oldest first."""
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def _bounds(months: list[date]) -> tuple[datetime, datetime]:
    first, last = months[0], months[-1]
    after = date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    zone = timezone.get_current_timezone()
    return (
        datetime(first.year, first.month, 1, tzinfo=zone),
        datetime(after.year, after.month, 1, tzinfo=zone),
    )


def _month(value: date | datetime) -> date:
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return value.replace(day=1)


def _in(queryset: QuerySet, when: str, bounds) -> QuerySet:
    start, end = bounds
    return queryset.filter(**{f"{when}__gte": start, f"{when}__lt": end}).annotate(
        month=TruncMonth(when)
    )


def _counts(queryset: QuerySet, when: str, bounds, count=None) -> dict[date, int]:
    """How many rows of ``queryset`` fall in each month by ``when`` (one query)."""
    rows = (
        _in(queryset, when, bounds)
        .order_by()
        .values("month")
        .annotate(n=count or Count("pk"))
        .values_list("month", "n")
    )
    return {_month(month): n for month, n in rows}


def _waits(queryset: QuerySet, start: str, end: str, bounds) -> dict[date, list]:
    """Each row's wait from ``start`` to ``end``, by the month of ``end``."""
    wait = ExpressionWrapper(F(end) - F(start), output_field=DurationField())
    rows = (
        _in(queryset.exclude(**{f"{start}__isnull": True}), end, bounds)
        .annotate(wait=wait)
        .values_list("month", "wait")
    )
    found: dict[date, list[timedelta]] = defaultdict(list)
    for month, waited in rows:
        if waited is not None:
            found[_month(month)].append(waited)
    return found


def _median(waits: dict[date, list[timedelta]], per: timedelta) -> dict[date, float]:
    medians = {}
    for month, found in waits.items():
        if found:
            middle = statistics.median(w.total_seconds() for w in found)
            # Clocks a moment apart can make a wait slightly negative: never
            # below 0 (and never "-0.0").
            medians[month] = max(0.0, round(middle / per.total_seconds(), 1)) + 0.0
    return medians


HOUR, DAY = timedelta(hours=1), timedelta(days=1)


def _members(bounds) -> Section:
    approved = MemberProfile.objects.filter(
        status=Status.APPROVED, decided_at__isnull=False
    )
    return Section(
        "Members",
        [
            Figure(
                "members_approved",
                "New members approved",
                "Applications approved by a moderator in the month (by the date "
                "of the decision).",
                values=_counts(approved, "decided_at", bounds),
            ),
            Figure(
                "days_to_approval",
                "Median days to approval",
                "For the applications approved in the month: the median time from "
                "signing up to the moderator's approval, in days.",
                unit="days",
                values=_median(
                    _waits(approved, "created_at", "decided_at", bounds), DAY
                ),
            ),
        ],
    )


def _forum(bounds) -> Section:
    posts = Post.objects.filter(approved=True, poster__isnull=False)
    earlier = Post.objects.filter(
        approved=True, poster=OuterRef("poster"), created__lt=OuterRef("month")
    )
    returning = _in(posts, "created", bounds).filter(Exists(earlier))
    topics = Topic.objects.filter(approved=True)
    answered = topics.annotate(
        answered=Exists(TopicAnswer.objects.filter(topic=OuterRef("pk")))
    )
    topic_counts = _counts(topics, "created", bounds)
    answered_counts = _counts(
        answered, "created", bounds, Count("pk", filter=Q(answered=True))
    )
    first_reply = (
        Post.objects.filter(approved=True, topic=OuterRef("pk"))
        .exclude(pk=OuterRef("first_post_id"))
        .order_by("created")
        .values("created")[:1]
    )
    with_reply = topics.annotate(first_reply=Subquery(first_reply))
    return Section(
        "Forum",
        [
            Figure(
                "active_contributors",
                "Active contributors",
                "Members who wrote at least one approved topic or reply in the month.",
                values=_counts(
                    posts, "created", bounds, Count("poster", distinct=True)
                ),
            ),
            Figure(
                "returning_contributors",
                "Returning contributors",
                "Of the month's active contributors, those who had also written an "
                "approved post in an earlier month.",
                values={
                    _month(month): n
                    for month, n in returning.order_by()
                    .values("month")
                    .annotate(n=Count("poster", distinct=True))
                    .values_list("month", "n")
                },
            ),
            Figure(
                "topics",
                "New topics",
                "Approved topics started in the month (held ones count once a "
                "moderator approves them).",
                values=topic_counts,
            ),
            Figure(
                "answered_share",
                "Share of topics answered",
                "Of the topics started in the month, the share (per cent) whose "
                "author or a moderator has marked a reply as the answer, as of today.",
                unit="%",
                values={
                    month: round(100 * answered_counts.get(month, 0) / n)
                    for month, n in topic_counts.items()
                    if n
                },
            ),
            Figure(
                "hours_to_first_reply",
                "Median hours to a first reply",
                "For the topics started in the month that have a reply: the median "
                "time from the topic to its first approved reply, in hours (by the "
                "month of the reply).",
                unit="hours",
                values=_median(
                    _waits(with_reply, "created", "first_reply", bounds), HOUR
                ),
            ),
            Figure(
                "hours_to_answer",
                "Median hours to the answer",
                "For the topics whose answer was written in the month: the median "
                "time from the topic to the reply marked as its answer, in hours.",
                unit="hours",
                values=_median(
                    _waits(
                        TopicAnswer.objects.all(),
                        "topic__created",
                        "post__created",
                        bounds,
                    ),
                    HOUR,
                ),
            ),
        ],
    )


def _moderation(bounds) -> Section:
    post_created = Post.objects.filter(pk=OuterRef("post_id")).values("created")[:1]
    held = ModerationLogEntry.objects.filter(
        action=ModerationLogEntry.Action.APPROVE, post_id__isnull=False
    ).annotate(post_created=Subquery(post_created))
    views = ModerationDecision.objects.filter(
        action__in=[ViewDecision.APPROVED, ViewDecision.REJECTED],
        submission__illustrative=False,
    )
    reports = TriedReport.objects.exclude(status=Decision.PENDING)
    waits = [
        (
            "hours_held_posts",
            "Held forum posts",
            "For the held posts a moderator approved in the month: the median "
            "time from the post to its approval (moderation log).",
            _waits(held, "post_created", "created_at", bounds),
        ),
        (
            "hours_shared_views",
            "Shared views",
            "For the views from residents and families a moderator approved or "
            "rejected in the month: the median time from sharing to the decision.",
            _waits(views, "submission__created_at", "created_at", bounds),
        ),
        (
            "hours_tried_reports",
            "We-tried-this reports",
            "For the reports decided in the month: the median time from sending "
            "to the decision.",
            _waits(reports, "created_at", "decided_at", bounds),
        ),
    ]
    return Section(
        "Moderation: median hours items waited for a decision",
        [
            Figure(key, label, how, unit="hours", values=_median(found, HOUR))
            for key, label, how, found in waits
        ],
    )


def _residents(bounds) -> Section:
    real = Submission.objects.filter(illustrative=False)
    earlier = StatementResponse.objects.filter(
        statement=OuterRef("statement"), created_at__lt=OuterRef("created_at")
    )
    first_responses = StatementResponse.objects.filter(
        statement__illustrative=False
    ).exclude(Exists(earlier))
    return Section(
        "Residents' and families' views",
        [
            Figure(
                "views_received",
                "Views received",
                "Views shared in the month, on the site or typed in from paper or "
                "phone (examples excluded).",
                values=_counts(real, "created_at", bounds),
            ),
            Figure(
                "views_published",
                "Views published",
                "Views a moderator published in the month.",
                values=_counts(
                    real.filter(published_at__isnull=False), "published_at", bounds
                ),
            ),
            Figure(
                "views_responded",
                "Views given a public response",
                "Views whose first public response (“you said, we did”) was "
                "published in the month.",
                values=_counts(
                    first_responses,
                    "created_at",
                    bounds,
                    Count("statement", distinct=True),
                ),
            ),
        ],
    )


def _tried(bounds) -> Section:
    published = TriedReport.objects.filter(status=Decision.APPROVED)
    updates = TriedFollowUp.objects.filter(status=Decision.APPROVED)
    return Section(
        "We tried this",
        [
            Figure(
                "tried_received",
                "Reports received",
                "We-tried-this reports members sent in the month.",
                values=_counts(TriedReport.objects.all(), "created_at", bounds),
            ),
            Figure(
                "tried_published",
                "Reports published (applied value)",
                "Reports a moderator published in the month: an area tried "
                "something from the network's pages.",
                values=_counts(published, "decided_at", bounds),
            ),
            Figure(
                "tried_updates",
                "Updates published (realised value)",
                "Updates published in the month saying what happened since, "
                "asked for months after the report.",
                values=_counts(updates, "decided_at", bounds),
            ),
        ],
    )


def _stories(bounds) -> Section:
    published = _in(ValueStory.objects.published(), "decided_at", bounds)
    counts: dict[str, dict[date, int]] = defaultdict(dict)
    rows = (
        published.order_by()
        .values("cycle", "month")
        .annotate(n=Count("pk"))
        .values_list("cycle", "month", "n")
    )
    for cycle, month, n in rows:
        counts[cycle][_month(month)] = n
    return Section(
        "Value stories, by kind of value",
        [
            Figure(
                f"stories_{value}",
                label.split(":")[0],
                f"Value stories published in the month whose author chose “{label}”.",
                values=counts[value],
            )
            for value, label in Cycle.choices
        ],
    )


def community_health(months: list[date]) -> list[Section]:
    """Every section of the report for ``months`` (first days, oldest first)."""
    bounds = _bounds(months)
    return [
        _members(bounds),
        _forum(bounds),
        _moderation(bounds),
        _residents(bounds),
        _tried(bounds),
        _stories(bounds),
    ]


def figures(sections: Iterable[Section]) -> list[Figure]:
    """Every figure of ``sections``, in order (for the CSV's columns)."""
    return [figure for section in sections for figure in section.figures]
