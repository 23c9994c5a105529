"""Receiving shared views, withdrawing them by code, and "this matters to me too"."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.views.decorators.debug import sensitive_variables

from casestudies.models import Region

from . import references
from .harm import find_harm_phrases
from .models import (
    Agreement,
    Channel,
    Decision,
    ModerationDecision,
    Submission,
    SubmissionContact,
    Theme,
)
from .moderation import withdraw_submission


def _create_with_unique_reference(**fields) -> Submission:
    for _ in range(10):
        try:
            with transaction.atomic():
                return Submission.objects.create(
                    reference=references.new_reference(), **fields
                )
        except IntegrityError:
            continue  # a clash among ~850 billion codes: draw again
    raise RuntimeError("Could not draw an unused reference code.")


@sensitive_variables("text", "contact_name", "contact_email", "contact_phone")
@transaction.atomic
def receive_submission(
    *,
    sharer_role: str,
    text: str,
    themes: Iterable[Theme] = (),
    region: Region | None = None,
    consent_to_publish: bool = False,
    contact_name: str = "",
    contact_email: str = "",
    contact_phone: str = "",
    hear_back: bool = False,
    channel: str = Channel.WEB,
    recorded_on_behalf: bool = False,
    recorded_by: str = "",
    entered_by: AbstractBaseUser | None = None,
) -> Submission:
    """Save a shared view (and any contact details) for moderation.

    ``entered_by`` is the moderator who typed in a paper or phone view. A view
    whose words match a harm phrase is marked "possible safeguarding".
    """
    text = text.strip()
    harm = find_harm_phrases(text)
    submission = _create_with_unique_reference(
        possible_safeguarding=bool(harm),
        harm_phrases_found=", ".join(harm)[:500],
        sharer_role=sharer_role,
        text=text,
        original_text=text,
        region=region,
        consent_to_publish=consent_to_publish,
        # Hearing back needs an address to write to; without one it means nothing.
        hear_back=bool(hear_back and contact_email.strip()),
        channel=channel,
        recorded_on_behalf=recorded_on_behalf,
        recorded_by=recorded_by.strip(),
        entered_by=entered_by,
    )
    submission.themes.set(themes)
    if contact_name or contact_email or contact_phone:
        SubmissionContact.objects.create(
            submission=submission,
            name=contact_name.strip(),
            email=contact_email.strip(),
            phone=contact_phone.strip(),
        )
    if entered_by is not None:
        ModerationDecision.objects.create(
            submission=submission,
            action=Decision.ENTERED,
            actor=entered_by,
            reason=f"Typed in ({submission.get_channel_display().lower()}).",
        )
    if harm:
        ModerationDecision.objects.create(
            submission=submission,
            action=Decision.POSSIBLE_HARM,
            reason=f"Its words match: {submission.harm_phrases_found}.",
        )
    return submission


def withdraw_by_reference(typed_reference: str) -> Submission | None:
    """Withdraw the view with this reference code; None when no view has it."""
    code = references.normalise(typed_reference)
    submission = Submission.objects.filter(reference=code).first()
    if submission is None:
        return None
    return withdraw_submission(submission)


def record_agreement(
    submission: Submission,
    *,
    user: AbstractBaseUser | None = None,
    visitor: str = "",
) -> bool:
    """Count one "this matters to me too"; False when this person already said so."""
    if user is not None and user.is_authenticated:
        lookup = {"user": user, "visitor": ""}
    elif visitor:
        lookup = {"user": None, "visitor": visitor}
    else:
        raise ValueError("An agreement needs a signed-in user or a visitor id.")
    try:
        with transaction.atomic():
            _, created = Agreement.objects.get_or_create(
                submission=submission, **lookup
            )
    except IntegrityError:  # a double click racing itself
        return False
    return created


def has_agreed(
    submission_ids: Iterable[int],
    *,
    user: AbstractBaseUser | None = None,
    visitor: str = "",
) -> set[int]:
    """The ids, among ``submission_ids``, this person has already agreed with."""
    if user is not None and user.is_authenticated:
        rows = Agreement.objects.filter(user=user)
    elif visitor:
        rows = Agreement.objects.filter(visitor=visitor)
    else:
        return set()
    return set(
        rows.filter(submission_id__in=list(submission_ids)).values_list(
            "submission_id", flat=True
        )
    )
