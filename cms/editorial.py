"""The editorial set-up in code: groups, their permissions and the workflow.

Editors draft and submit; Moderators review, approve (which publishes) or
request changes. Everything is created with get_or_create, so running
``setup_editorial`` again changes nothing; it never removes permissions that
someone granted on purpose elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from ehch import roles

WORKFLOW_NAME = "Moderator approval"
TASK_NAME = "Moderators review"

# Page permission types on the home page subtree.
EDITOR_PAGE_PERMISSIONS = ["add", "change"]
MODERATOR_PAGE_PERMISSIONS = ["add", "change", "publish"]
# Documents and images editors may upload and choose (safe types only: base.py).
COLLECTION_PERMISSIONS = [
    ("wagtaildocs", "document", ["add", "choose"]),
    ("wagtailimages", "image", ["add", "choose"]),
]
# Moderators look after the guidance vocabularies too.
SNIPPET_MODELS = ["audience", "topic", "leadershiplevel"]


@dataclass
class EditorialSetup:
    """What ``setup_editorial`` created or found."""

    editors: Group
    moderators: Group
    workflow: Workflow
    task: GroupApprovalTask


def _admin_access() -> Permission:
    return Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )


def _grant_page_permissions(group: Group, page: Page, kinds: list[str]) -> None:
    for kind in kinds:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=f"{kind}_page"
            ),
        )


def _grant_collection_permissions(group: Group) -> None:
    root = Collection.get_first_root_node()
    for app_label, model, kinds in COLLECTION_PERMISSIONS:
        for kind in kinds:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root,
                permission=Permission.objects.get(
                    content_type__app_label=app_label, codename=f"{kind}_{model}"
                ),
            )


def _grant_snippet_permissions(group: Group) -> None:
    for model in SNIPPET_MODELS:
        content_type = ContentType.objects.get(app_label="cms", model=model)
        group.permissions.add(
            *Permission.objects.filter(
                content_type=content_type,
                codename__in=[f"add_{model}", f"change_{model}"],
            )
        )


def _grant_contact_details_permission(group: Group) -> None:
    # Editors keep the contact details current; changes show at once (no
    # workflow: Wagtail settings have none).
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="cms", codename="change_contactdetails"
        )
    )


@transaction.atomic
def setup_editorial(home: Page) -> EditorialSetup:
    """Create the editorial groups, their permissions and the approval workflow.

    Args:
        home: The site's home page; permissions and the workflow cover its subtree.

    Returns:
        The groups, the workflow and its task.
    """
    groups = roles.ensure_groups()
    editors, moderators = groups[roles.EDITORS], groups[roles.MODERATORS]
    access = _admin_access()
    for group in (editors, moderators):
        group.permissions.add(access)
        _grant_collection_permissions(group)
        _grant_contact_details_permission(group)
    _grant_page_permissions(editors, home, EDITOR_PAGE_PERMISSIONS)
    _grant_page_permissions(moderators, home, MODERATOR_PAGE_PERMISSIONS)
    _grant_snippet_permissions(moderators)

    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(moderators)
    workflow, _ = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=task, defaults={"sort_order": 0}
    )
    # The workflow nearest a page applies, so this one covers every page below home.
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    return EditorialSetup(editors, moderators, workflow, task)
