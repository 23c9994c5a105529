"""Reports of posts (by members) and of content (by visitors), and who hears of them."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Q
from django.urls import reverse

from ehch import roles
from ehch.emails import send_email

from .models import PostReport
from .notifications import site_url


def moderator_emails(forum=None) -> list[str]:
    """Addresses of the site moderators and administrators, plus the forum's own."""
    if forum is None:
        return roles.moderator_addresses()
    User = get_user_model()
    who = Q(groups__name__in=[roles.MODERATORS, roles.ADMINISTRATORS])
    if forum is not None:
        # Forum-scoped moderators hold machina's per-forum approval permission.
        who |= Q(
            userforumpermission__forum=forum,
            userforumpermission__permission__codename="can_approve_posts",
            userforumpermission__has_perm=True,
        )
    users = User.objects.filter(who, is_active=True).exclude(email="").distinct()
    return sorted(set(users.values_list("email", flat=True)))


def email_moderators(subject: str, template: str, context: dict, forum=None) -> int:
    """Send one email to every moderator; return how many addresses it went to."""
    recipients = moderator_emails(forum)
    if not recipients:
        return 0
    # No unsubscribe: moderators must hear of reports and waiting items.
    send_email(subject, f"community_forum/email/{template}", context, recipients)
    return len(recipients)


def _queue_url(report: PostReport) -> str:
    return site_url(reverse("community_forum:report_detail", kwargs={"pk": report.pk}))


def report_post(
    post, reporter: AbstractBaseUser | None, reason: str, details: str = ""
) -> PostReport:
    """Record a report of ``post`` and tell the moderators."""
    report = PostReport.objects.create(
        post=post,
        post_excerpt=(post.content.raw or "")[:2000],
        reporter=reporter if reporter and reporter.is_authenticated else None,
        reason=reason,
        details=details,
    )
    email_moderators(
        f"Post reported: {report.get_reason_display()}",
        "report",
        {"report": report, "post": post, "queue_url": _queue_url(report)},
        forum=post.topic.forum,
    )
    return report


def report_content(url: str, reason: str, details: str, email: str = "") -> PostReport:
    """Record a visitor's report of illegal or harmful content and tell moderators."""
    report = PostReport.objects.create(
        url=url, reason=reason, details=details, reporter_email=email
    )
    email_moderators(
        "Content reported by a visitor",
        "report",
        {"report": report, "post": None, "queue_url": _queue_url(report)},
    )
    return report
