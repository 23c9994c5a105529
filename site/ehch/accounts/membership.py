"""Membership decisions: creating a pending profile, approving, rejecting.

Approval is membership of the ``Members`` group; the profile records the
decision. Each decision is one transaction and emails the member once it has
committed, so nobody is told about a decision that was rolled back.
"""

from __future__ import annotations

import logging

from allauth.account.models import EmailAddress
from django.contrib.auth.models import AbstractBaseUser, Group
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from cms.site_address import absolute_url
from ehch import roles
from ehch.accounts.models import ApprovedEmailDomain, MemberProfile, Status
from ehch.accounts.signals import member_approved, member_rejected
from ehch.emails import send_email

logger = logging.getLogger(__name__)


class DecisionError(Exception):
    """The decision cannot be made, for example because it was already made."""


def create_pending_profile(user: AbstractBaseUser, **fields: str) -> MemberProfile:
    """Create the pending profile of a member who has just signed up.

    Moderators are emailed about the application once the sign-up has
    committed. A failed send is logged (robust) rather than failing the
    sign-up; the hourly stale-queue alert names the application later anyway.
    """
    profile = MemberProfile.objects.create(user=user, status=Status.PENDING, **fields)
    transaction.on_commit(
        lambda: email_moderators_about_application(profile.pk), robust=True
    )
    return profile


def email_moderators_about_application(profile_id: int) -> int:
    """Email every moderator and administrator about a new application.

    Returns:
        How many addresses the email went to (0 when the profile was no longer
        pending or nobody has an address).
    """
    profile = MemberProfile.objects.filter(pk=profile_id, status=Status.PENDING).first()
    if profile is None:
        return 0
    recipients = roles.moderator_addresses()
    if not recipients:
        return 0
    review_url = absolute_url(reverse("members_pending"))
    context = {"profile": profile, "review_url": review_url}
    send_email(
        f"New member application: {profile.display_name}",
        "members/email/application_message",
        context,
        recipients,
    )
    return len(recipients)


def _lock_pending(profile: MemberProfile) -> MemberProfile:
    locked = MemberProfile.objects.select_for_update().get(pk=profile.pk)
    if locked.status != Status.PENDING:
        raise DecisionError(f"{locked} has already been {locked.get_status_display()}.")
    return locked


def _email_member(profile: MemberProfile, template: str, **context: object) -> None:
    from cms.contact import contact_text

    context = {
        "profile": profile,
        "contact_text": contact_text(),
        **context,
    }
    subject = render_to_string(f"members/email/{template}_subject.txt", context)
    send_email(
        subject, f"members/email/{template}_message", context, [profile.user.email]
    )


def approve_member(profile: MemberProfile, by: AbstractBaseUser) -> MemberProfile:
    """Approve a pending member: add them to ``Members`` and email them.

    Raises:
        DecisionError: the profile is not pending any more.
    """
    with transaction.atomic():
        profile = _lock_pending(profile)
        _record_approval(profile, by=by)
    return profile


def _record_approval(
    profile: MemberProfile, by: AbstractBaseUser | None, domain: str = ""
) -> None:
    """Approve a locked pending profile: by a moderator, or by an email domain.

    Inside the caller's transaction; the member is emailed and listeners are
    told once it commits.
    """
    profile.status = Status.APPROVED
    profile.decided_by = by
    profile.decided_at = timezone.now()
    profile.approved_domain = domain
    profile.rejection_reason = ""
    profile.save()
    group, _ = Group.objects.get_or_create(name=roles.MEMBERS)
    profile.user.groups.add(group)
    transaction.on_commit(lambda: _email_member(profile, "approved"))
    transaction.on_commit(
        lambda: member_approved.send(MemberProfile, profile=profile, by=by)
    )


def reject_member(
    profile: MemberProfile, by: AbstractBaseUser, reason: str
) -> MemberProfile:
    """Reject a pending member, record why, and email them the reason.

    Raises:
        DecisionError: the profile is not pending any more.
    """
    with transaction.atomic():
        profile = _lock_pending(profile)
        profile.status = Status.REJECTED
        profile.decided_by = by
        profile.decided_at = timezone.now()
        profile.rejection_reason = reason
        profile.save()
        profile.user.groups.remove(*Group.objects.filter(name=roles.MEMBERS))
        transaction.on_commit(lambda: _email_member(profile, "rejected", reason=reason))
        transaction.on_commit(
            lambda: member_rejected.send(
                MemberProfile, profile=profile, by=by, reason=reason
            )
        )
    return profile


def approve_by_email_domain(user: AbstractBaseUser) -> MemberProfile | None:
    """Approve a pending member whose verified address is at an approved domain.

    Called when an address is confirmed (the emailed link) and when an
    organisation sign-in vouches for one. Only verified addresses count: an
    address typed at sign-up proves nothing until its link is followed. The
    decision is recorded like a moderator's, with the domain in place of the
    moderator (``approved_domain``), and the member is emailed as usual.

    Returns:
        The approved profile, or None when there was nothing to approve (no
        pending profile, or no verified address at an approved domain).
    """
    addresses = EmailAddress.objects.filter(user=user, verified=True).values_list(
        "email", flat=True
    )
    entry = next(
        (
            found
            for found in map(ApprovedEmailDomain.objects.matching, addresses)
            if found is not None
        ),
        None,
    )
    if entry is None:
        return None
    with transaction.atomic():
        profile = (
            MemberProfile.objects.select_for_update()
            .filter(user=user, status=Status.PENDING)
            .first()
        )
        if profile is None:
            return None
        _record_approval(profile, by=None, domain=entry.domain)
        logger.info(
            "member approved by email domain",
            extra={"profile_id": profile.pk, "domain": entry.domain},
        )
    return profile
