"""What each role may do in the residents' space (groups from ehch.roles)."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from ehch.roles import EDITORS, MODERATORS, SAFEGUARDING, ensure_groups

from .models import (
    CaseStudyResponse,
    HarmPhrase,
    SafeguardingConcern,
    StatementResponse,
    Submission,
    Theme,
)

GRANTS: dict[str, list[tuple[type, str]]] = {
    MODERATORS: [
        (Submission, "moderate_submission"),
        (Submission, "view_submission"),
        (StatementResponse, "add_statementresponse"),
    ],
    SAFEGUARDING: [
        (Submission, "view_submission"),
        (SafeguardingConcern, "acknowledge_safeguardingconcern"),
    ],
    EDITORS: [
        (Theme, "add_theme"),
        (Theme, "change_theme"),
        (Theme, "view_theme"),
        (CaseStudyResponse, "add_casestudyresponse"),
        (CaseStudyResponse, "change_casestudyresponse"),
        (CaseStudyResponse, "delete_casestudyresponse"),
        (CaseStudyResponse, "view_casestudyresponse"),
        (StatementResponse, "add_statementresponse"),
        (HarmPhrase, "add_harmphrase"),
        (HarmPhrase, "change_harmphrase"),
        (HarmPhrase, "delete_harmphrase"),
        (HarmPhrase, "view_harmphrase"),
    ],
}
# Groups that need to reach the Wagtail admin to do the above.
ADMIN_ACCESS = [MODERATORS, SAFEGUARDING, EDITORS]


def ensure_voice_roles() -> None:
    """Give the role groups this app's permissions (adds only; safe to repeat)."""
    groups = ensure_groups()
    for group_name, grants in GRANTS.items():
        for model, codename in grants:
            content_type = ContentType.objects.get_for_model(model)
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=codename,
                defaults={"name": codename.replace("_", " ").capitalize()},
            )
            groups[group_name].permissions.add(permission)
    access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if access is not None:
        for group_name in ADMIN_ACCESS:
            groups[group_name].permissions.add(access)
