"""The network's roles, by group name, shared by every app.

Approval of a member is membership of the ``Members`` group: an account that
has signed up but is not yet in that group is a *pending* member, who reads
only what visitors read (``forum.visibility``, page restrictions) and cannot
post. Groups and their permissions are created in
code (never by clicking in the admin); each app grants its own permissions to
these groups from its own idempotent set-up.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group

MEMBERS = "Members"
MODERATORS = "Moderators"
EDITORS = "Editors"
SAFEGUARDING = "Safeguarding contacts"
ADMINISTRATORS = "Administrators"

ALL_GROUPS = [MEMBERS, MODERATORS, EDITORS, SAFEGUARDING, ADMINISTRATORS]


def ensure_groups() -> dict[str, Group]:
    """Create the role groups that are missing; return them by name."""
    return {name: Group.objects.get_or_create(name=name)[0] for name in ALL_GROUPS}


def in_group(user: AbstractBaseUser | AnonymousUser, name: str) -> bool:
    """True when ``user`` is signed in, active and in the named group."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.groups.filter(name=name).exists()


def is_approved_member(user: AbstractBaseUser | AnonymousUser) -> bool:
    """True for an approved member, a moderator or an administrator."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=[MEMBERS, MODERATORS, ADMINISTRATORS]).exists()


def is_moderator(user: AbstractBaseUser | AnonymousUser) -> bool:
    """True for a moderator or an administrator."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=[MODERATORS, ADMINISTRATORS]).exists()


def moderator_addresses() -> list[str]:
    """Email addresses of the active moderators and administrators, sorted."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(
        groups__name__in=[MODERATORS, ADMINISTRATORS], is_active=True
    )
    return sorted(set(users.exclude(email="").values_list("email", flat=True)))
