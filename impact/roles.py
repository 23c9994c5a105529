"""Who moderates "we tried this" reports (groups from ehch.roles)."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from ehch.roles import EDITORS, MODERATORS, ensure_groups

from .models import TriedReport

GRANTS = {
    MODERATORS: ["moderate_triedreport", "view_community_health"],
    EDITORS: ["moderate_triedreport", "view_community_health"],
}


def ensure_impact_roles() -> None:
    """Give the role groups this app's permissions (adds only; safe to repeat)."""
    groups = ensure_groups()
    content_type = ContentType.objects.get_for_model(TriedReport)
    for group_name, codenames in GRANTS.items():
        for codename in codenames:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=codename,
                defaults={"name": codename.replace("_", " ").capitalize()},
            )
            groups[group_name].permissions.add(permission)
