"""Each account's Django permissions, kept in the cache between requests.

Every signed-in page asks whether the reader may open the editors' admin
(Wagtail's userbar checks ``wagtailadmin.access_admin``), and Django's
``ModelBackend`` answers with two queries (the account's own permissions and
its groups') on every request. Permissions change rarely and only through a
few doors, so the answer is cached per account.

Every key carries a *generation*: any change to who holds which permission
(an account joins or leaves a group, a group or an account gains or loses a
permission, a group or a permission is deleted) starts a new generation, and
every cached answer is forgotten at once, on every server sharing the cache.
Entries also expire after ``PERMISSION_CACHE_SECONDS``, which bounds how long
a change made while the cache was unreachable could be missed. With a cache of
each process's own (``CACHE_URL=locmem://``) a new generation would reach one
process only, so the setting is 0 there and nothing is cached across requests.
"""

from __future__ import annotations

import uuid
from functools import cache as once

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

GENERATION_KEY = "permissions:generation"


def _seconds() -> int:
    return int(getattr(settings, "PERMISSION_CACHE_SECONDS", 300))


def generation() -> str:
    """The current generation; made (once, by whoever comes first) if missing."""
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, None)
        current = cache.get(GENERATION_KEY)
    # A cache that keeps nothing (down, or a dummy) gets a fresh generation
    # each time: nothing is ever reused, which is slow but never wrong.
    return current or uuid.uuid4().hex


def forget_all() -> None:
    """Start a new generation: every account's permissions are read again."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


class CachedPermissionsBackend(ModelBackend):
    """Django's ``ModelBackend``, with ``get_all_permissions`` cached per account.

    Signing in, object permissions and inactive accounts behave exactly as in
    ``ModelBackend``. The set is also left on the user object
    (``_perm_cache``), where every other ``ModelBackend`` (allauth's) reads it.
    """

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:  # noqa: D102
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache") and _seconds() > 0:
            # is_superuser in the key: ModelBackend gives a superuser every
            # permission, and taking the flag away must take those away too.
            key = f"permissions:{generation()}:{user_obj.pk}:{user_obj.is_superuser:d}"
            cached = cache.get(key)
            if cached is None:
                cached = super().get_all_permissions(user_obj)
                cache.set(key, cached, _seconds())
            user_obj._perm_cache = set(cached)
        return super().get_all_permissions(user_obj)


# --- what starts a new generation -----------------------------------------


@once
def _through_models() -> frozenset[type]:
    from django.contrib.auth import get_user_model

    user = get_user_model()
    return frozenset(
        {user.groups.through, user.user_permissions.through, Group.permissions.through}
    )


@receiver(m2m_changed, dispatch_uid="permission_cache_m2m")
def _membership_or_grant_changed(sender, action: str, **kwargs) -> None:
    if action.startswith("post_") and sender in _through_models():
        forget_all()


@receiver(post_save, sender=Group, dispatch_uid="permission_cache_group_saved")
@receiver(post_delete, sender=Group, dispatch_uid="permission_cache_group_deleted")
@receiver(post_save, sender=Permission, dispatch_uid="permission_cache_perm_saved")
@receiver(post_delete, sender=Permission, dispatch_uid="permission_cache_perm_deleted")
def _group_or_permission_changed(**kwargs) -> None:
    forget_all()
