"""Wagtail admin: the approval queue, the decisions and the approved domains."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from ehch.accounts import admin_views
from ehch.accounts.models import ApprovedEmailDomain


class ApprovedEmailDomainViewSet(SnippetViewSet):
    """Editors' list of email domains whose verified addresses join at once."""

    model = ApprovedEmailDomain
    icon = "mail"
    menu_label = "Approved email domains"
    menu_name = "approved-email-domains"
    add_to_admin_menu = True
    menu_order = 260
    list_display = ["domain", "include_subdomains", "organisation", "created_at"]
    search_fields = ["domain", "organisation"]


register_snippet(ApprovedEmailDomainViewSet)


@hooks.register("register_admin_urls")
def register_member_urls():
    """The queue's URLs (Wagtail wraps them in its admin-access check)."""
    return [
        path("members/pending/", admin_views.pending_members, name="members_pending"),
        path("members/<int:pk>/approve/", admin_views.approve, name="members_approve"),
        path("members/<int:pk>/reject/", admin_views.reject, name="members_reject"),
        path("members/decisions/", admin_views.decisions, name="members_decisions"),
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
