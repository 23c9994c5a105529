"""Emails sent by the residents' space: who gets safeguarding alerts, and the text.

The emails name the reference and link to the admin; they never carry the
view's words or contact details, which stay in the admin. Sending, retrying
and escalation are in safeguarding.py.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from ehch.emails import send_email
from ehch.roles import SAFEGUARDING

from .models import AlertKind, SafeguardingAlert


def _unique(addresses) -> list[str]:
    seen: dict[str, None] = {}
    for address in addresses:
        seen.setdefault(address.strip().lower(), None)
    return [address for address in seen if address]


def safeguarding_recipients() -> list[str]:
    """The configured safeguarding addresses plus active "Safeguarding contacts"."""
    configured = list(getattr(settings, "VOICES_SAFEGUARDING_EMAILS", []))
    members = (
        get_user_model()
        .objects.filter(groups__name=SAFEGUARDING, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return _unique([*configured, *members])


def administrator_recipients() -> list[str]:
    """Active administrators (superusers) with an email address."""
    return _unique(
        get_user_model()
        .objects.filter(is_superuser=True, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def _opening(alert: SafeguardingAlert) -> str:
    concern = alert.concern
    minutes = int((alert.created_at - concern.flagged_at).total_seconds() // 60)
    if alert.kind == AlertKind.REMINDER:
        return (
            "Reminder: a safeguarding concern in a shared view has not been "
            f"acknowledged in the {minutes} minutes since it was raised.\n"
            "Please open it and press “I have seen this concern”."
        )
    if alert.kind == AlertKind.ESCALATION:
        return (
            "No safeguarding contact has acknowledged a safeguarding concern in a "
            f"shared view, {minutes} minutes after it was raised. You are told "
            "because you are an administrator of the EHCH Learning Network.\n"
            "Please make sure a safeguarding lead deals with it now."
        )
    return (
        "A moderator has marked a view shared on the EHCH Learning Network "
        "as a safeguarding concern. It will not be published.\n"
        "Please open it and press “I have seen this concern”."
    )


def subject_for(alert: SafeguardingAlert) -> str:
    """The email's subject line."""
    reference = alert.concern.submission.reference
    if alert.kind == AlertKind.REMINDER:
        return f"Reminder: safeguarding concern not acknowledged ({reference})"
    if alert.kind == AlertKind.ESCALATION:
        return f"Unacknowledged safeguarding concern ({reference})"
    return f"Safeguarding concern in a shared view ({reference})"


def deliver(alert: SafeguardingAlert) -> None:
    """Send one safeguarding email; raises whatever the email backend raises."""
    submission = alert.concern.submission
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "voices_admin:moderate", args=[submission.pk]
    )
    # No unsubscribe: who receives safeguarding alerts is an administrator's
    # decision (the "Safeguarding contacts" group), never a click in an email.
    send_email(
        subject_for(alert),
        "voices/email/safeguarding_alert",
        {"opening": _opening(alert), "reference": submission.reference, "link": link},
        [alert.recipient],
    )
