"""Every moderation decision on a shared view, each in one transaction.

Each function locks the submission, checks the move is allowed, writes the
change and an audit-trail entry together, and after the commit tells listeners
through ``statement_published`` / ``statement_unpublished`` (see signals.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from .models import (
    Decision,
    ModerationDecision,
    Status,
    Submission,
    SubmissionContact,
    Theme,
)
from .safeguarding import raise_concern
from .signals import statement_published, statement_unpublished


class ModerationError(Exception):
    """A decision that cannot be made in the view's current state."""


def _locked(submission: Submission) -> Submission:
    return Submission.objects.select_for_update().get(pk=submission.pk)


def _announce(submission: Submission, was_public: bool) -> None:
    """Tell listeners after commit, so they never see a rolled-back change."""
    if submission.is_published:
        transaction.on_commit(
            lambda: statement_published.send(sender=Submission, submission=submission)
        )
    elif was_public:
        transaction.on_commit(
            lambda: statement_unpublished.send(sender=Submission, submission=submission)
        )


def _checked_note(reason: str) -> str:
    return " ".join(
        ["Read and checked: not a safeguarding concern.", reason.strip()]
    ).strip()


@transaction.atomic
def approve_submission(
    submission: Submission,
    *,
    moderator: AbstractBaseUser,
    text: str,
    themes: Iterable[Theme],
    reason: str = "",
    harm_checked: bool = False,
) -> Submission:
    """Publish a view with the moderator's (de-identified) text and themes.

    A view marked "possible safeguarding" is published only when the moderator
    says they have read it and it is not a safeguarding concern
    (``harm_checked``): nothing publishes one without a person deciding.
    """
    locked = _locked(submission)
    if locked.status in (Status.WITHDRAWN, Status.SAFEGUARDING):
        raise ModerationError(
            f"A view that is “{locked.get_status_display()}” cannot be published."
        )
    if not locked.consent_to_publish:
        raise ModerationError("The person did not agree to publication.")
    if locked.possible_safeguarding and not harm_checked:
        raise ModerationError(
            "This view may be about someone's safety. Confirm that you have read "
            "it and it is not a safeguarding concern before publishing it."
        )
    text = text.strip()
    if not text:
        raise ModerationError("The text to publish is empty.")
    was_public = locked.is_published
    locked.text = text
    locked.status = Status.APPROVED
    locked.published_at = locked.published_at or timezone.now()
    locked.save(update_fields=["text", "status", "published_at"])
    locked.themes.set(themes)
    ModerationDecision.objects.create(
        submission=locked,
        action=Decision.APPROVED,
        actor=moderator,
        reason=_checked_note(reason) if locked.possible_safeguarding else reason,
        published_text=text,
    )
    _announce(locked, was_public)
    return locked


@transaction.atomic
def reject_submission(
    submission: Submission, *, moderator: AbstractBaseUser, reason: str
) -> Submission:
    """Decide not to publish a view (or take a published one down), with a reason."""
    if not reason.strip():
        raise ModerationError("Give a reason for not publishing.")
    locked = _locked(submission)
    if locked.status in (Status.WITHDRAWN, Status.SAFEGUARDING):
        raise ModerationError(
            f"A view that is “{locked.get_status_display()}” cannot be rejected."
        )
    was_public = locked.is_published
    locked.status = Status.REJECTED
    locked.save(update_fields=["status"])
    ModerationDecision.objects.create(
        submission=locked, action=Decision.REJECTED, actor=moderator, reason=reason
    )
    _announce(locked, was_public)
    return locked


@transaction.atomic
def flag_safeguarding(
    submission: Submission, *, moderator: AbstractBaseUser, reason: str = ""
) -> Submission:
    """Mark a view as a safeguarding concern: never published; contacts told once.

    The concern and its emails are written in this transaction (the outbox in
    safeguarding.py); the emails are sent once it commits. Flagging an already
    flagged view changes nothing and sends nothing.
    """
    locked = _locked(submission)
    if locked.status == Status.SAFEGUARDING:
        return locked
    was_public = locked.is_published
    locked.status = Status.SAFEGUARDING
    locked.save(update_fields=["status"])
    ModerationDecision.objects.create(
        submission=locked, action=Decision.SAFEGUARDING, actor=moderator, reason=reason
    )
    raise_concern(locked, moderator=moderator)
    _announce(locked, was_public)
    return locked


@transaction.atomic
def withdraw_submission(
    submission: Submission,
    *,
    actor: AbstractBaseUser | None = None,
    reason: str = "",
) -> Submission:
    """Take a view off the site for good and delete its contact details.

    A safeguarding concern stays with the safeguarding team (its details are
    kept); the request is still recorded, and it was never public anyway.
    """
    locked = _locked(submission)
    if locked.status == Status.WITHDRAWN:
        return locked
    was_public = locked.is_published
    if locked.status != Status.SAFEGUARDING:
        locked.status = Status.WITHDRAWN
        locked.save(update_fields=["status"])
        SubmissionContact.objects.filter(submission=locked).delete()
    ModerationDecision.objects.create(
        submission=locked,
        action=Decision.WITHDRAWN,
        actor=actor,
        reason=reason or "Asked for by the person who shared it.",
    )
    _announce(locked, was_public)
    return locked
