"""The safeguarding route: a concern always reaches a person, or says it has not.

- ``raise_concern`` (called when a moderator flags a view) records the concern
  and queues one email per safeguarding contact in the outbox
  (``SafeguardingAlert``), in the same transaction as the decision. With no
  contacts it emails the administrators instead, and says so.
- ``send_alert`` sends one queued email. A failure is recorded and retried
  later with a growing delay (by the task queue when it can defer, and by
  ``manage.py safeguarding_alerts`` from cron in any case); an email that keeps
  failing is logged at ERROR and shown in the admin.
- ``acknowledge_concern``: a safeguarding contact says they have seen it.
- ``escalate_unacknowledged`` (cron, every 5 minutes): a concern nobody has
  acknowledged is sent again to the contacts after
  ``SAFEGUARDING_ESCALATE_AFTER_MINUTES``, then to the administrators after
  ``SAFEGUARDING_ESCALATE_TO_ADMINS_AFTER_MINUTES`` more.

Every step writes an entry in the view's audit trail (``ModerationDecision``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import DatabaseError, transaction
from django.utils import timezone

from ehch.roles import SAFEGUARDING

from . import notifications
from .models import (
    AlertKind,
    AlertStatus,
    Decision,
    ModerationDecision,
    SafeguardingAlert,
    SafeguardingConcern,
    Submission,
)

logger = logging.getLogger(__name__)

# After this many failed attempts an email counts as failing: logged at ERROR.
FAILING_AFTER = 3
# Retries wait 1, 2, 4, 8… minutes, never more than this.
MAX_RETRY_MINUTES = 60

NO_RECIPIENTS_HELP = (
    "Add people with an email address to the “Safeguarding contacts” group "
    "(Settings, Groups), or set VOICES_SAFEGUARDING_EMAILS."
)


class SafeguardingError(Exception):
    """A safeguarding step that cannot be taken in the concern's current state."""


def recipients_missing() -> bool:
    """True when a new concern would have no safeguarding contact to tell."""
    return not notifications.safeguarding_recipients()


def _audit(submission: Submission, action: str, reason: str, actor=None) -> None:
    ModerationDecision.objects.create(
        submission=submission, action=action, actor=actor, reason=reason
    )


def _enqueue(alert_id: int, run_after: datetime | None = None) -> None:
    """Hand one email to the task queue; the outbox row is the safety net."""
    from .tasks import send_safeguarding_email

    task = send_safeguarding_email
    try:
        if run_after is not None:
            if not task.get_backend().supports_defer:
                return  # manage.py safeguarding_alerts retries it when due
            task = task.using(run_after=run_after)
        task.enqueue(alert_id)
    except Exception:
        # The row stays due in the outbox, so cron sends it; say so loudly.
        logger.exception(
            "Could not queue safeguarding email %s; cron will retry it", alert_id
        )


def _queue(concern: SafeguardingConcern, kind: str, recipients: list[str]) -> int:
    alerts = SafeguardingAlert.objects.bulk_create(
        SafeguardingAlert(concern=concern, kind=kind, recipient=address)
        for address in recipients
    )
    ids = [alert.pk for alert in alerts]
    transaction.on_commit(lambda: [_enqueue(pk) for pk in ids])
    return len(ids)


def _people(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def raise_concern(
    submission: Submission, *, moderator: AbstractBaseUser | None
) -> SafeguardingConcern:
    """Record a new concern about ``submission`` and queue its emails.

    Call inside the transaction that marks the view as a safeguarding concern.
    """
    concern, created = SafeguardingConcern.objects.get_or_create(
        submission=submission, defaults={"flagged_by": moderator}
    )
    if not created:
        return concern
    contacts = notifications.safeguarding_recipients()
    if contacts:
        count = _queue(concern, AlertKind.FLAGGED, contacts)
        _audit(
            submission,
            Decision.ALERT_QUEUED,
            f"Email queued to {_people(count, 'safeguarding contact')}.",
        )
        return concern
    admins = notifications.administrator_recipients()
    if admins:
        count = _queue(concern, AlertKind.FLAGGED, admins)
        _audit(
            submission,
            Decision.NOBODY_TO_TELL,
            "No safeguarding contacts are set up: email queued to "
            f"{_people(count, 'administrator')} instead.",
        )
    else:
        _audit(
            submission,
            Decision.NOBODY_TO_TELL,
            "No safeguarding contacts and no administrator with an email address: "
            "nobody was emailed.",
        )
    logger.error(
        "Safeguarding concern %s has no safeguarding contact to tell. %s",
        submission.reference,
        NO_RECIPIENTS_HELP,
    )
    return concern


@dataclass(frozen=True)
class AlertSummary:
    """Where a concern's emails are: for the moderator's message and the admin."""

    sent: int
    waiting: int
    failing: int
    to_administrators: bool

    @property
    def total(self) -> int:
        """Every email queued for the concern."""
        return self.sent + self.waiting + self.failing


def summarise(concern: SafeguardingConcern) -> AlertSummary:
    """Count the concern's emails by where they are in the outbox."""
    alerts = list(concern.alerts.values_list("kind", "status", "recipient"))
    statuses = [status for _kind, status, _to in alerts]
    contacts = set(notifications.safeguarding_recipients())
    return AlertSummary(
        sent=statuses.count(AlertStatus.SENT),
        waiting=statuses.count(AlertStatus.QUEUED),
        failing=statuses.count(AlertStatus.RETRYING),
        to_administrators=bool(alerts)
        and all(
            kind == AlertKind.FLAGGED and to not in contacts
            for kind, _status, to in alerts
        ),
    )


def flag_message(submission: Submission) -> tuple[str, bool]:
    """What to tell the moderator who flagged the view: exactly what happened.

    Returns:
        The sentence, and True when it is a problem to act on now.
    """
    concern = SafeguardingConcern.objects.filter(submission=submission).first()
    start = (
        f"{submission.reference} is marked as a safeguarding concern "
        "and will not be published."
    )
    if concern is None:
        return f"{start} No email was queued.", True
    summary = summarise(concern)
    if not summary.total:
        return (
            f"{start} Nobody has been emailed: there are no safeguarding contacts "
            "and no administrator with an email address. Phone your safeguarding "
            f"lead now. {NO_RECIPIENTS_HELP}",
            True,
        )
    who = (
        _people(summary.total, "administrator")
        + " (there are no safeguarding contacts)"
        if summary.to_administrators
        else _people(summary.total, "safeguarding contact")
    )
    parts = []
    if summary.sent:
        parts.append(f"{summary.sent} sent")
    if summary.waiting:
        parts.append(f"{summary.waiting} waiting to send")
    if summary.failing:
        parts.append(f"{summary.failing} failed and will be tried again")
    message = f"{start} Email to {who}: {', '.join(parts)}."
    if summary.to_administrators:
        message += f" {NO_RECIPIENTS_HELP}"
    return message, summary.failing > 0 or summary.to_administrators


def _retry_delay(attempts: int) -> timedelta:
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), MAX_RETRY_MINUTES))


def send_alert(
    alert_id: int, now: datetime | None = None
) -> tuple[str, datetime | None]:
    """Send one outbox email if it is due and unsent; record what happened.

    Safe to call twice at once (the row is locked; the second call skips it).

    Returns:
        ``"sent"``, ``"failed"`` (with when to try again), ``"not due"`` (with
        when it is) or ``"nothing to do"`` (sent already, gone, or being sent).
    """
    now = now or timezone.now()
    with transaction.atomic():
        alert = (
            SafeguardingAlert.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("concern__submission")
            .filter(pk=alert_id)
            .unsent()
            .first()
        )
        if alert is None:
            return "nothing to do", None
        if alert.next_attempt_at > now:
            return "not due", alert.next_attempt_at
        alert.attempts += 1
        submission = alert.concern.submission
        try:
            notifications.deliver(alert)
        except Exception as error:  # noqa: BLE001 - any backend failure is retried
            alert.status = AlertStatus.RETRYING
            alert.last_error = f"{type(error).__name__}: {error}"[:2000]
            alert.next_attempt_at = now + _retry_delay(alert.attempts)
            alert.save(
                update_fields=["status", "attempts", "last_error", "next_attempt_at"]
            )
            logger.log(
                logging.ERROR if alert.attempts >= FAILING_AFTER else logging.WARNING,
                "Safeguarding email %s about %s failed (attempt %d): %s; "
                "next try at %s",
                alert.pk,
                submission.reference,
                alert.attempts,
                alert.last_error,
                alert.next_attempt_at.isoformat(timespec="minutes"),
            )
            _audit(
                submission,
                Decision.ALERT_FAILED,
                f"{alert.get_kind_display()} to {alert.recipient}: attempt "
                f"{alert.attempts} failed ({alert.last_error}). Trying again at "
                f"{timezone.localtime(alert.next_attempt_at):%H:%M}.",
            )
            outcome = ("failed", alert.next_attempt_at)
        else:
            alert.status = AlertStatus.SENT
            alert.sent_at = now
            alert.last_error = ""
            alert.save(update_fields=["status", "attempts", "sent_at", "last_error"])
            _audit(
                submission,
                Decision.ALERT_SENT,
                f"{alert.get_kind_display()} to {alert.recipient} "
                f"(attempt {alert.attempts}).",
            )
            outcome = ("sent", None)
    if outcome[0] == "failed":
        _enqueue(alert_id, run_after=outcome[1])
    return outcome


def retry_due(now: datetime | None = None) -> dict[str, int]:
    """Send every outbox email that is due (cron's safety net); count outcomes."""
    counts = {"sent": 0, "failed": 0}
    due = SafeguardingAlert.objects.due(now).order_by("next_attempt_at", "pk")
    for alert_id in list(due.values_list("pk", flat=True)):
        outcome, _when = send_alert(alert_id, now)
        if outcome in counts:
            counts[outcome] += 1
    return counts


def can_acknowledge(user) -> bool:
    """True for a safeguarding contact (or an administrator)."""
    return user.has_perm("voices.acknowledge_safeguardingconcern")


@transaction.atomic
def acknowledge_concern(
    submission: Submission, *, user: AbstractBaseUser, note: str = ""
) -> SafeguardingConcern:
    """Record that ``user`` has seen the concern; escalation stops."""
    concern = (
        SafeguardingConcern.objects.select_for_update()
        .filter(submission=submission)
        .first()
    )
    if concern is None:
        raise SafeguardingError("This view is not a safeguarding concern.")
    if concern.is_acknowledged:
        raise SafeguardingError("This concern has already been acknowledged.")
    concern.acknowledged_at = timezone.now()
    concern.acknowledged_by = user
    concern.save(update_fields=["acknowledged_at", "acknowledged_by"])
    _audit(submission, Decision.ACKNOWLEDGED, note.strip(), actor=user)
    return concern


def _minutes(setting: str) -> timedelta:
    return timedelta(minutes=getattr(settings, setting))


def escalate_unacknowledged(now: datetime | None = None) -> tuple[int, int]:
    """Email again about concerns nobody has acknowledged (run every 5 minutes).

    Returns:
        How many concerns were sent again to the contacts, and how many to the
        administrators.
    """
    now = now or timezone.now()
    open_concerns = SafeguardingConcern.objects.filter(
        acknowledged_at__isnull=True
    ).select_related("submission")
    reminded = escalated = 0
    with transaction.atomic():
        due = open_concerns.select_for_update(skip_locked=True, of=("self",)).filter(
            reminded_at__isnull=True,
            flagged_at__lte=now - _minutes("SAFEGUARDING_ESCALATE_AFTER_MINUTES"),
        )
        for concern in due:
            concern.reminded_at = now
            concern.save(update_fields=["reminded_at"])
            count = _queue(
                concern, AlertKind.REMINDER, notifications.safeguarding_recipients()
            )
            waited = int((now - concern.flagged_at).total_seconds() // 60)
            _audit(
                concern.submission,
                Decision.REMINDED,
                f"Not acknowledged after {waited} minutes: "
                + (
                    f"email queued again to {_people(count, 'safeguarding contact')}."
                    if count
                    else f"no safeguarding contact to email. {NO_RECIPIENTS_HELP}"
                ),
            )
            reminded += 1
    with transaction.atomic():
        due = open_concerns.select_for_update(skip_locked=True, of=("self",)).filter(
            escalated_at__isnull=True,
            reminded_at__lte=now
            - _minutes("SAFEGUARDING_ESCALATE_TO_ADMINS_AFTER_MINUTES"),
        )
        for concern in due:
            concern.escalated_at = now
            concern.save(update_fields=["escalated_at"])
            count = _queue(
                concern, AlertKind.ESCALATION, notifications.administrator_recipients()
            )
            waited = int((now - concern.flagged_at).total_seconds() // 60)
            _audit(
                concern.submission,
                Decision.ESCALATED,
                f"Not acknowledged after {waited} minutes: "
                + (
                    f"email queued to {_people(count, 'administrator')}."
                    if count
                    else "no administrator has an email address to tell."
                ),
            )
            if not count:
                logger.error(
                    "Safeguarding concern %s is unacknowledged and no administrator "
                    "has an email address",
                    concern.submission.reference,
                )
            escalated += 1
    return reminded, escalated


def recipients_status() -> tuple[int, str | None]:
    """How many safeguarding contacts there are, and why that could not be read.

    Used by the system check, which may run before the database is migrated:
    then only ``VOICES_SAFEGUARDING_EMAILS`` can count, and the reason says so.
    """
    try:
        return len(notifications.safeguarding_recipients()), None
    except DatabaseError as error:
        configured = [
            a for a in getattr(settings, "VOICES_SAFEGUARDING_EMAILS", []) if a.strip()
        ]
        reason = str(error).strip().splitlines()[0] if str(error).strip() else ""
        return len(configured), (
            f"could not read the {SAFEGUARDING!r} group; is the database "
            f"migrated? {type(error).__name__}: {reason}"
        )
