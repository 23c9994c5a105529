"""A member's rights over their data: download it, and delete their account.

Deleting an account anonymises the user rather than deleting the row:
machina's posts cascade from their poster, and threads must stay readable.
The user keeps only an id-based username (``former-member-<id>``) and the
display name "Former member"; email, names, password, profile, group
memberships, subscriptions, read markers and login records go.
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from machina.core.db.models import get_model
from wagtail.users.models import UserProfile

from ehch.accounts.models import MemberProfile
from ehch.accounts.names import (  # noqa: F401 - the last two kept importable here
    FORMER_MEMBER,
    is_former_member,
    public_name,
)
from ehch.accounts.signals import member_deleted

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")
ForumProfile = get_model("forum_member", "ForumProfile")
TopicReadTrack = get_model("forum_tracking", "TopicReadTrack")
ForumReadTrack = get_model("forum_tracking", "ForumReadTrack")


def _profile_data(user: AbstractBaseUser) -> dict[str, Any] | None:
    profile = MemberProfile.objects.filter(user=user).first()
    if profile is None:
        return None
    data = {
        "display_name": profile.display_name,
        "status": profile.status,
        "decided_at": profile.decided_at.isoformat() if profile.decided_at else None,
        "created_at": profile.created_at.isoformat(),
    }
    for name in MemberProfile.SHOWABLE:
        data[name] = getattr(profile, name)
        data[f"show_{name}"] = getattr(profile, f"show_{name}")
    return data


def export_member_data(user: AbstractBaseUser) -> dict[str, Any]:
    """Everything the network holds about ``user`` that is theirs, as plain data.

    Other people's data never appears: only the member's own posts, and for
    their subscriptions only the topic's subject and address.
    """
    posts = (
        Post.objects.filter(poster=user)
        .select_related("topic", "topic__forum")
        .order_by("created", "pk")
    )
    subscriptions = user.topic_subscriptions.select_related("forum").order_by("pk")
    forum_profile = ForumProfile.objects.filter(user=user).first()
    return {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "username": user.get_username(),
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
            "groups": sorted(user.groups.values_list("name", flat=True)),
        },
        "profile": _profile_data(user),
        "forum_profile": (
            {"signature": str(forum_profile.signature or "")} if forum_profile else None
        ),
        "forum_posts": [
            {
                "id": post.pk,
                "topic_id": post.topic_id,
                "topic": post.topic.subject,
                "forum": post.topic.forum.name,
                "subject": post.subject,
                "content": str(post.content or ""),
                "approved": post.approved,
                "created": post.created.isoformat(),
                "updated": post.updated.isoformat(),
            }
            for post in posts
        ],
        "topic_subscriptions": [
            {"topic_id": topic.pk, "topic": topic.subject, "forum": topic.forum.name}
            for topic in subscriptions
        ],
    }


def delete_member_account(user: AbstractBaseUser) -> None:
    """Remove a member's personal data, keeping their posts as "Former member".

    Other apps remove their own personal data in receivers of
    ``member_deleted``, which is sent inside the same transaction.
    """
    with transaction.atomic():
        old_email = user.email
        user.topic_subscriptions.clear()
        TopicReadTrack.objects.filter(user=user).delete()
        ForumReadTrack.objects.filter(user=user).delete()
        ForumProfile.objects.filter(user=user).delete()
        MemberProfile.objects.filter(user=user).delete()
        EmailAddress.objects.filter(user=user).delete()
        UserProfile.objects.filter(user=user).delete()  # Wagtail's avatar, settings
        if old_email:
            for model in (AccessAttempt, AccessLog, AccessFailureLog):
                model.objects.filter(username__iexact=old_email).delete()
        user.groups.clear()
        user.user_permissions.clear()
        user.username = f"former-member-{user.pk}"
        user.first_name = FORMER_MEMBER
        user.last_name = ""
        user.email = ""
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.set_unusable_password()
        user.save()
        member_deleted.send(type(user), user_id=user.pk)
