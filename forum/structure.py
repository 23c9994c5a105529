"""The forum tree and who may do what in it, defined in code and idempotent.

Permissions use machina's own tables:

- anonymous visitors: ``UserForumPermission(anonymous_user=True)`` to see and
  read the public forums (and their categories) only;
- every signed-in account, including *pending* and *rejected* accounts not in
  the Members group: ``UserForumPermission(authenticated_user=True)`` to see
  and read the public forums only, exactly what visitors read. Members-only
  forums are for approved members, moderators and administrators (their
  groups' rows below); an older site-wide row for every signed-in account is
  removed (:func:`ensure_forum_tree`, migration 0002 for existing sites);
- the Members group: start topics, reply, edit their own posts, attach and
  download files, vote in polls; post without approval everywhere except the
  residents-and-families forum (their first posts are still held: see
  ``forum.posting``);
- the Moderators group: all that, plus approve, edit, move, lock, pin (sticky)
  and delete, in every forum;
- the Administrators group: every machina permission.

A forum-scoped moderator is a member given the moderator permissions on one
forum through per-forum ``UserForumPermission`` rows (:func:`grant_forum_moderator`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from machina.apps.forum_permission.defaults import PermissionConfig
from machina.core.db.models import get_model

from ehch import roles
from ehch.accounts.names import public_name

Forum = get_model("forum", "Forum")
ForumPermission = get_model("forum_permission", "ForumPermission")
GroupForumPermission = get_model("forum_permission", "GroupForumPermission")
UserForumPermission = get_model("forum_permission", "UserForumPermission")

READ = ["can_see_forum", "can_read_forum"]
MEMBER = [
    *READ,
    "can_start_new_topics",
    "can_reply_to_topics",
    "can_edit_own_posts",
    "can_attach_file",
    "can_download_file",
    "can_vote_in_polls",
]
MODERATOR = [
    *MEMBER,
    "can_post_without_approval",
    "can_post_stickies",
    "can_lock_topics",
    "can_move_topics",
    "can_edit_posts",
    "can_delete_posts",
    "can_approve_posts",
    "can_reply_to_locked_topics",
]
ADMINISTRATOR = [p["codename"] for p in PermissionConfig.permissions]
# What a forum-scoped moderator gains on their forum.
FORUM_MODERATOR = [
    "can_post_without_approval",
    "can_lock_topics",
    "can_move_topics",
    "can_edit_posts",
    "can_delete_posts",
    "can_approve_posts",
    "can_reply_to_locked_topics",
]


@dataclass(frozen=True)
class ForumSpec:
    """One topic forum of the tree."""

    name: str
    description: str
    public: bool
    held: bool = False


@dataclass(frozen=True)
class CategorySpec:
    """One space (a machina category) and its forums."""

    name: str
    description: str
    forums: tuple[ForumSpec, ...]


TREE: tuple[CategorySpec, ...] = (
    CategorySpec(
        "Front-line leaders",
        "For care home managers, nurses, senior carers and practice teams "
        "who lead care day to day.",
        (
            ForumSpec(
                "Getting started",
                "New to enhanced health in care homes? Ask anything here.",
                public=True,
            ),
            ForumSpec(
                "Training and workforce",
                "Training, roles, rotas and keeping good staff.",
                public=False,
            ),
            ForumSpec(
                "Residents and families",
                "Residents, families and staff talk about what good care looks "
                "like. A moderator reads every post before it appears.",
                public=True,
                held=True,
            ),
        ),
    ),
    CategorySpec(
        "Service leaders",
        "For people who run services: practices, primary care networks, "
        "community teams and care groups.",
        (
            ForumSpec(
                "Engaging GPs and primary care",
                "Aligning practices to homes, weekly rounds and building trust.",
                public=True,
            ),
            ForumSpec(
                "Working with hospitals",
                "Admissions, discharge, in-reach and urgent community response.",
                public=False,
            ),
        ),
    ),
    CategorySpec(
        "System leaders",
        "For commissioners, integrated care boards and local authorities.",
        (
            ForumSpec(
                "Information sharing and IT",
                "Shared records, data sharing agreements, devices and connectivity.",
                public=False,
            ),
            ForumSpec(
                "Measuring impact",
                "What to measure, how to collect it and how to show the difference.",
                public=True,
            ),
        ),
    ),
)


def _permissions(codenames: list[str]) -> list:
    return [ForumPermission.objects.get_or_create(codename=c)[0] for c in codenames]


def _grant_group(group, codenames: list[str], forum=None) -> None:
    for permission in _permissions(codenames):
        GroupForumPermission.objects.update_or_create(
            permission=permission, forum=forum, group=group, defaults={"has_perm": True}
        )


def _grant_user_row(codenames: list[str], forum=None, **who) -> None:
    for permission in _permissions(codenames):
        UserForumPermission.objects.update_or_create(
            permission=permission, forum=forum, **who, defaults={"has_perm": True}
        )


def _ensure_forum(name: str, description: str, forum_type: int, parent=None):
    forum = Forum.objects.filter(name=name, parent=parent).first()
    if forum is None:
        forum = Forum(name=name, parent=parent, type=forum_type)
    forum.description = description
    forum.save()
    return forum


@transaction.atomic
def ensure_forum_tree() -> dict[str, object]:
    """Create (or bring up to date) the spaces, forums and their permissions.

    Returns:
        The forums and categories by name.
    """
    groups = roles.ensure_groups()
    by_name: dict[str, object] = {}
    public_nodes = []
    held_forums = []
    for category_spec in TREE:
        category = _ensure_forum(
            category_spec.name, category_spec.description, Forum.FORUM_CAT
        )
        by_name[category.name] = category
        for spec in category_spec.forums:
            forum = _ensure_forum(
                spec.name, spec.description, Forum.FORUM_POST, category
            )
            by_name[forum.name] = forum
            if spec.public:
                public_nodes.extend([category, forum])
            if spec.held:
                held_forums.append(forum)
            else:
                # Members publish directly here (after their first posts).
                _grant_group(
                    groups[roles.MEMBERS], ["can_post_without_approval"], forum
                )

    for node in {n.pk: n for n in public_nodes}.values():
        _grant_user_row(READ, node, anonymous_user=True)
        _grant_user_row(READ, node, authenticated_user=True)
    revoke_signed_in_reading()
    _grant_group(groups[roles.MEMBERS], MEMBER)
    _grant_group(groups[roles.MODERATORS], MODERATOR)
    _grant_group(groups[roles.ADMINISTRATORS], ADMINISTRATOR)
    return by_name


def revoke_signed_in_reading(permission_model=None) -> int:
    """Remove the old "every signed-in account reads every forum" rows.

    Members-only forums are for approved members only; a pending account's
    reading comes from the per-forum rows of the public forums. Returns how
    many rows went. (Migration 0002 passes its historical model.)
    """
    model = permission_model or UserForumPermission
    deleted, _ = model.objects.filter(
        authenticated_user=True, forum__isnull=True, permission__codename__in=READ
    ).delete()
    return deleted


@transaction.atomic
def grant_forum_moderator(user: AbstractBaseUser, forum, actor=None) -> None:
    """Make ``user`` a moderator of ``forum`` only (and record who did it)."""
    from .models import ModerationLogEntry
    from .moderation import log_action

    _grant_user_row(FORUM_MODERATOR, forum, user=user)
    log_action(
        actor,
        ModerationLogEntry.Action.GRANT_MODERATOR,
        # The log is read by moderators: the display name, never the username.
        target=f"{public_name(user)} moderates “{forum.name}”",
    )


@transaction.atomic
def revoke_forum_moderator(user: AbstractBaseUser, forum) -> None:
    """Remove the forum-scoped moderator permissions of ``user`` on ``forum``."""
    UserForumPermission.objects.filter(
        user=user, forum=forum, permission__codename__in=FORUM_MODERATOR
    ).delete()
