"""A member's rights over their data: download it, and delete their account.

Deleting an account anonymises the user rather than deleting the row:
machina's posts cascade from their poster, and threads must stay readable.
The user keeps only an id-based username (``former-member-<id>``) and the
display name "Former member"; everything else the site holds about them is
deleted or detached (``personal_data`` lists every field and what happens to
it, and why a few records are kept).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.admin.models import EditingSession, FormState
from wagtail.models import (
    APIToken,
    Comment,
    CommentReply,
    Page,
    PageSubscription,
    UploadedFile,
)
from wagtail.users.models import UserProfile

from ehch.accounts.models import MemberProfile
from ehch.accounts.names import (  # noqa: F401 - the last two kept importable here
    FORMER_MEMBER,
    is_former_member,
    public_name,
)
from ehch.accounts.personal_data import (  # noqa: F401 - the registry's public home
    EXPORTED,
    KEPT_AFTER_DELETION,
    NOT_EXPORTED,
    OTHER_RECORDS,
)
from ehch.accounts.signals import member_data_requested, member_deleted

# Profile fields that are not the member's: the row's keys, and which
# moderator decided on the application (that is the moderator's).
_PROFILE_NOT_EXPORTED = {"id", "user", "decided_by"}


def _profile_data(user: AbstractBaseUser) -> dict[str, Any] | None:
    # Every other field, so a field added to the profile is exported too.
    profile = MemberProfile.objects.filter(user=user).first()
    if profile is None:
        return None
    data: dict[str, Any] = {}
    for field in MemberProfile._meta.concrete_fields:
        if field.name in _PROFILE_NOT_EXPORTED:
            continue
        value = getattr(profile, field.attname)
        data[field.name] = value.isoformat() if hasattr(value, "isoformat") else value
    return data


def member_identifiers(user: AbstractBaseUser) -> frozenset[str]:
    """The username and every email address of ``user``, in lower case.

    Records that name a person by text rather than by a key (axes' sign-in
    rows, a visitor report's address, a safeguarding email) are matched on
    these.
    """
    found = {user.get_username(), user.email}
    found.update(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    return frozenset(v.strip().lower() for v in found if v and v.strip())


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _identified(model, identifiers: frozenset[str], field: str = "username"):
    """Rows of ``model`` whose text ``field`` is one of ``identifiers``, any case."""
    match = Q()
    for value in identifiers:
        match |= Q(**{f"{field}__iexact": value})
    return model.objects.filter(match) if identifiers else model.objects.none()


def _sign_in_records(identifiers: frozenset[str]) -> dict[str, list[dict]]:
    # Successful sign-ins are the member's own: address and browser included.
    # A failed attempt against the account may be someone else's, so only its
    # time and counts are given, never that person's address or browser.
    logs = _identified(AccessLog, identifiers).order_by("attempt_time", "pk")
    attempts = _identified(AccessAttempt, identifiers).order_by("attempt_time", "pk")
    failures = _identified(AccessFailureLog, identifiers).order_by("attempt_time")
    return {
        "sign_ins": [
            {
                "at": _iso(log.attempt_time),
                "signed_out_at": _iso(log.logout_time),
                "address": log.ip_address,
                "browser": log.user_agent,
                "page": log.path_info,
            }
            for log in logs
        ],
        "failed_attempt_counts": [
            {
                "last_attempt_at": _iso(a.attempt_time),
                "failures": a.failures_since_start,
                "page": a.path_info,
            }
            for a in attempts
        ],
        "failed_attempts": [
            {
                "at": _iso(f.attempt_time),
                "locked_out": f.locked_out,
                "page": f.path_info,
            }
            for f in failures
        ],
    }


def _admin_data(user: AbstractBaseUser) -> dict[str, Any]:
    """What the Wagtail admin keeps: preferences, comments, follows, API tokens."""
    preferences = UserProfile.objects.filter(user=user).first()
    comments = Comment.objects.filter(user=user).select_related("page")
    replies = CommentReply.objects.filter(user=user).select_related("comment__page")
    return {
        "admin_preferences": (
            {
                "preferred_language": preferences.preferred_language,
                "current_time_zone": preferences.current_time_zone,
                "avatar": preferences.avatar.name or None,
                "submitted_notifications": preferences.submitted_notifications,
                "approved_notifications": preferences.approved_notifications,
                "rejected_notifications": preferences.rejected_notifications,
                "updated_comments_notifications": (
                    preferences.updated_comments_notifications
                ),
            }
            if preferences
            else None
        ),
        # Only the member's own words: a reply names its comment's page, not
        # the comment (which may be someone else's).
        "page_comments": [
            {"page": c.page.title, "text": c.text, "created_at": _iso(c.created_at)}
            for c in comments.order_by("created_at", "pk")
        ]
        + [
            {
                "page": r.comment.page.title,
                "text": r.text,
                "created_at": _iso(r.created_at),
            }
            for r in replies.order_by("created_at", "pk")
        ],
        "page_subscriptions": [
            {"page": s.page.title, "comment_notifications": s.comment_notifications}
            for s in PageSubscription.objects.filter(user=user).select_related("page")
        ],
        # Never the token itself (only its digest is stored anyway).
        "api_tokens": [
            {
                "name": t.name,
                "created": _iso(t.created),
                "last_used_at": _iso(t.last_used_at),
                "revoked_at": _iso(t.revoked_at),
            }
            for t in APIToken.objects.filter(user=user).order_by("created", "pk")
        ],
    }


def export_member_data(user: AbstractBaseUser) -> dict[str, Any]:
    """Everything the network holds about ``user`` that is theirs, as plain data.

    The account, profile, admin data and sign-in records are built here; the
    forum, search and residents' space add their own sections through
    ``member_data_requested``. ``personal_data.EXPORTED`` names the section
    of every field. Other people's data never appears: only the member's own
    words, and for what they follow or answered only a subject and an address.
    """
    identifiers = member_identifiers(user)
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": _iso(user.last_login),
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
            "groups": sorted(user.groups.values_list("name", flat=True)),
            "permissions": sorted(
                user.user_permissions.values_list("codename", flat=True)
            ),
        },
        "profile": _profile_data(user),
        # What each organisation sign-in provider told us, as it told us.
        "organisation_accounts": [
            {
                "provider": a.provider,
                "account_id": a.uid,
                "connected_at": _iso(a.date_joined),
                "last_sign_in": _iso(a.last_login),
                "details_from_provider": a.extra_data,
            }
            for a in SocialAccount.objects.filter(user=user).order_by("pk")
        ],
        **_admin_data(user),
        "sign_in_records": _sign_in_records(identifiers),
    }
    for _receiver, sections in member_data_requested.send(
        sender=type(user), user=user, identifiers=identifiers
    ):
        data.update(sections or {})
    return data


def _delete_files(files: list[tuple[Any, str]]) -> None:
    for storage, name in files:
        storage.delete(name)


def _delete_sessions(user: AbstractBaseUser) -> None:
    # Sessions hold the account id only inside their encoded data; deletion is
    # rare, so reading every live session once is affordable.
    # Through the session engine, so a copy in the shared cache goes too.
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get(SESSION_KEY) == str(user.pk):
            store.delete(session.session_key)


def delete_member_account(user: AbstractBaseUser) -> None:
    """Remove a member's personal data, keeping their posts as "Former member".

    Everything happens in one transaction. The forum, search and residents'
    space remove or detach their own data in receivers of ``member_deleted``,
    sent first so they can still match the old username and addresses; then
    the account's own records go and the account row is emptied. What stays,
    and why, is ``personal_data.KEPT_AFTER_DELETION``. Every email stops: the
    account has no address, is inactive and belongs to no group, follows and
    saved searches are gone, and unsent safeguarding emails to it are deleted.
    """
    with transaction.atomic():
        identifiers = member_identifiers(user)
        member_deleted.send(
            type(user), user=user, user_id=user.pk, identifiers=identifiers
        )
        files = []
        for row in UserProfile.objects.filter(user=user).exclude(avatar=""):
            files.append((row.avatar.storage, row.avatar.name))
        MemberProfile.objects.filter(user=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        SocialAccount.objects.filter(user=user).delete()  # and its tokens
        UserProfile.objects.filter(user=user).delete()  # Wagtail's avatar, settings
        for model in (AccessAttempt, AccessLog, AccessFailureLog):
            _identified(model, identifiers).delete()
        PageSubscription.objects.filter(user=user).delete()  # comment emails
        EditingSession.objects.filter(user=user).delete()
        FormState.objects.filter(user=user).delete()
        APIToken.objects.filter(user=user).delete()
        for upload in UploadedFile.objects.filter(uploaded_by_user=user):
            files.append((upload.file.storage, upload.file.name))
        UploadedFile.objects.filter(uploaded_by_user=user).delete()
        Page.objects.filter(locked_by=user).update(
            locked=False, locked_by=None, locked_at=None
        )
        _delete_sessions(user)
        user.groups.clear()
        user.user_permissions.clear()
        user.username = f"former-member-{user.pk}"
        user.first_name = FORMER_MEMBER
        user.last_name = ""
        user.email = ""
        user.last_login = None
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.set_unusable_password()
        user.save()
        # Files only once the rows are surely gone.
        transaction.on_commit(lambda: _delete_files(files))
