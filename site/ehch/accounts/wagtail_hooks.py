"""Wagtail admin: the approval queue and its menu item, for moderators."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from ehch.accounts import admin_views


@hooks.register("register_admin_urls")
def register_member_urls():
    """The queue's URLs (Wagtail wraps them in its admin-access check)."""
    return [
        path("members/pending/", admin_views.pending_members, name="members_pending"),
        path("members/<int:pk>/approve/", admin_views.approve, name="members_approve"),
        path("members/<int:pk>/reject/", admin_views.reject, name="members_reject"),
    ]


class ModeratorMenuItem(MenuItem):
    """Shown only to people who can approve members."""

    def is_shown(self, request) -> bool:  # noqa: D102
        return request.user.has_perm(admin_views.PERMISSION)


@hooks.register("register_admin_menu_item")
def register_member_menu_item():
    """The "Members to approve" item in the admin menu."""
    return ModeratorMenuItem(
        "Members to approve",
        reverse("members_pending"),
        icon_name="user",
        order=250,
    )
