"""The permissions this app grants to the network's role groups.

Idempotent: it only adds what is missing and never removes a permission, so
other apps can grant their own permissions to the same groups from their own
set-up (Wagtail page permissions, for example, belong to the CMS's command).
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission

from ehch import roles

ADMIN_ACCESS = ("wagtailadmin", "access_admin")
MODERATE_MEMBERS = ("members", "moderate_members")
VIEW_MEMBERS = ("members", "view_memberprofile")

# Moderators manage the forum's watched words in the Wagtail admin.
WATCHED_WORDS = [
    ("community_forum", f"{action}_watchedword")
    for action in ("add", "change", "delete", "view")
]

# Editors keep the list of email domains whose addresses join at once;
# moderators, who otherwise make those decisions, may too.
APPROVED_DOMAINS = [
    ("members", f"{action}_approvedemaildomain")
    for action in ("add", "change", "delete", "view")
]

GRANTS: dict[str, list[tuple[str, str]]] = {
    roles.MODERATORS: [
        ADMIN_ACCESS,
        MODERATE_MEMBERS,
        VIEW_MEMBERS,
        *WATCHED_WORDS,
        *APPROVED_DOMAINS,
    ],
    roles.EDITORS: [ADMIN_ACCESS, *APPROVED_DOMAINS],
}


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def set_up_roles(using: str = "default") -> dict[str, int]:
    """Create every role group and grant this app's permissions to them.

    Returns:
        The number of permissions each group holds afterwards, by group name.
    """
    # Permissions are normally created after migrate, app by app; make sure
    # they all exist whatever order the apps were migrated in.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    groups = roles.ensure_groups()
    for name, wanted in GRANTS.items():
        groups[name].permissions.add(*(_permission(*key) for key in wanted))
    # Administrators carry every permission there is.
    groups[roles.ADMINISTRATORS].permissions.add(*Permission.objects.all())
    return {name: group.permissions.count() for name, group in groups.items()}
