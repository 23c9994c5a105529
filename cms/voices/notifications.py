"""Emails sent by the residents' space: the safeguarding alert."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from ehch.roles import SAFEGUARDING

from .models import Submission

logger = logging.getLogger(__name__)


def safeguarding_recipients() -> list[str]:
    """The configured safeguarding addresses plus active "Safeguarding contacts"."""
    configured = list(getattr(settings, "VOICES_SAFEGUARDING_EMAILS", []))
    members = (
        get_user_model()
        .objects.filter(groups__name=SAFEGUARDING, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    seen: dict[str, None] = {}
    for address in [*configured, *members]:
        seen.setdefault(address.strip().lower(), None)
    return [address for address in seen if address]


def send_safeguarding_alert(submission_id: int) -> bool:
    """Email the safeguarding contacts about a flagged view, once only.

    The email names the reference and links to the moderation page; it never
    carries the view's words or contact details, which stay in the admin.
    Returns True when this call sent the email.
    """
    # Claim the notification atomically so two calls can never both send.
    claimed = Submission.objects.filter(
        pk=submission_id, safeguarding_notified_at__isnull=True
    ).update(safeguarding_notified_at=timezone.now())
    if not claimed:
        return False
    submission = Submission.objects.get(pk=submission_id)
    recipients = safeguarding_recipients()
    if not recipients:
        logger.error(
            "Safeguarding concern %s has nobody to tell: set "
            "VOICES_SAFEGUARDING_EMAILS or add people to the %r group.",
            submission.reference,
            SAFEGUARDING,
        )
        Submission.objects.filter(pk=submission_id).update(
            safeguarding_notified_at=None
        )
        return False
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(
        "voices_admin:moderate", args=[submission.pk]
    )
    try:
        send_mail(
            subject=f"Safeguarding concern in a shared view ({submission.reference})",
            message=(
                "A moderator has marked a view shared on the EHCH Learning Network "
                "as a safeguarding concern. It will not be published.\n\n"
                f"Reference: {submission.reference}\n"
                f"Open it (sign-in needed): {link}\n\n"
                "The view's words and any contact details are only in the admin."
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=recipients,
        )
    except Exception:
        # Release the claim so a retry can send it; re-raise so it is seen.
        Submission.objects.filter(pk=submission_id).update(
            safeguarding_notified_at=None
        )
        raise
    return True
