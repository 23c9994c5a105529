"""Signal receivers: role permissions after migrate; unpublish on delete.

Also a member's part of the residents' space in their download (agreements,
views they typed in, safeguarding emails to them) and its removal when they
delete their account (``ehch.accounts.personal_data`` says what stays).
"""

from __future__ import annotations

import re
import secrets

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_migrate, pre_delete
from django.dispatch import receiver

from ehch.accounts.personal_data import DELETED_ACCOUNT
from ehch.accounts.signals import member_data_requested, member_deleted

from .models import Agreement, ModerationDecision, SafeguardingAlert, Submission
from .roles import ensure_voice_roles
from .signals import statement_unpublished


@receiver(post_migrate, dispatch_uid="voices_roles")
def grant_role_permissions(sender, **kwargs) -> None:
    """Keep the role groups' permissions in step with the code, idempotently."""
    if getattr(sender, "label", None) == "voices":
        ensure_voice_roles()


@receiver(pre_delete, sender=Submission, dispatch_uid="voices_unpublish_on_delete")
def unpublish_on_delete(sender, instance: Submission, **kwargs) -> None:
    """A deleted public statement leaves search too."""
    if instance.is_published:
        transaction.on_commit(
            lambda: statement_unpublished.send(sender=Submission, submission=instance)
        )


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _alerts_to(identifiers: frozenset[str]):
    match = Q()
    for value in identifiers:
        match |= Q(recipient__iexact=value)
    return SafeguardingAlert.objects.filter(match) if identifiers else None


@receiver(member_data_requested, dispatch_uid="voices_export")
def export_voices_data(sender, user, identifiers: frozenset[str], **kwargs) -> dict:
    """The member's sections of their download.

    Never a view's words, contact details or reference (the reference lets
    whoever holds it withdraw the view): those are the resident's.
    """
    agreements = Agreement.objects.filter(user=user).select_related("submission")
    alerts = _alerts_to(identifiers)
    return {
        "agreements": [
            {
                "statement_id": a.submission_id,
                "address": (
                    a.submission.get_absolute_url()
                    if a.submission.is_published
                    else None
                ),
                "created_at": _iso(a.created_at),
            }
            for a in agreements.order_by("created_at", "pk")
        ],
        "shared_views_entered": [
            {
                "id": view.pk,
                "channel": view.get_channel_display(),
                "status": view.get_status_display(),
                "created_at": _iso(view.created_at),
            }
            for view in Submission.objects.filter(entered_by=user).order_by("pk")
        ],
        "safeguarding_emails": [
            {
                "kind": alert.get_kind_display(),
                "status": alert.get_status_display(),
                "created_at": _iso(alert.created_at),
                "sent_at": _iso(alert.sent_at),
            }
            for alert in (alerts.order_by("pk") if alerts is not None else [])
        ],
    }


@receiver(member_deleted, dispatch_uid="voices_erase")
def erase_voices_data(sender, user, identifiers: frozenset[str], **kwargs) -> None:
    """Detach the member from the residents' space, inside the deletion.

    An agreement stays, without the person, so a statement's count does not
    drop for everyone else (a random visitor key that no cookie holds). An
    unsent safeguarding email to their address is deleted; the concern stays
    unacknowledged, so escalation still reaches the other contacts and the
    administrators. Sent ones, and audit entries naming the address, stay for
    the safeguarding record with the address replaced.
    """
    for agreement in Agreement.objects.filter(user=user):
        agreement.user = None
        agreement.visitor = f"deleted-{secrets.token_hex(16)}"
        agreement.save(update_fields=["user", "visitor"])
    alerts = _alerts_to(identifiers)
    if alerts is None:
        return
    alerts.unsent().delete()
    kept = list(alerts)
    addresses = [v for v in identifiers if "@" in v]  # addresses, not usernames
    for alert in kept:
        # A mail server's refusal, kept from an earlier attempt, names the address.
        alert.recipient = DELETED_ACCOUNT
        alert.last_error = _without(alert.last_error, addresses)
        alert.save(update_fields=["recipient", "last_error"])
    for value in addresses:
        for decision in ModerationDecision.objects.filter(reason__icontains=value):
            decision.reason = _without(decision.reason, addresses)
            decision.save(update_fields=["reason"])


def _without(text: str, addresses: list[str]) -> str:
    """``text`` with each of ``addresses``, in any case, replaced."""
    for address in addresses:
        text = re.sub(re.escape(address), DELETED_ACCOUNT, text, flags=re.IGNORECASE)
    return text
