"""Wagtail's workflow emails go only to people who can open the admin.

Wagtail emails whoever asked for a review when it is approved or sent back,
with links into the admin. A member who shared a case study through the site
(casestudies/sharing.py) asked for the review but cannot open the admin: they
get the site's own email, with links they can follow, instead of one that
leads to a sign-in page they cannot pass.
"""

from __future__ import annotations

from wagtail.admin.mail import (
    WorkflowStateApprovalEmailNotifier,
    WorkflowStateRejectionEmailNotifier,
)
from wagtail.models import WorkflowState
from wagtail.signals import workflow_approved, workflow_rejected


class _AdminUsersOnly:
    def get_recipient_users(self, workflow_state, **kwargs):
        return {
            user
            for user in super().get_recipient_users(workflow_state, **kwargs)
            if user.has_perm("wagtailadmin.access_admin")
        }


class ApprovalToAdminUsers(_AdminUsersOnly, WorkflowStateApprovalEmailNotifier):
    """Wagtail's "approved" email, for people who can open the admin."""


class RejectionToAdminUsers(_AdminUsersOnly, WorkflowStateRejectionEmailNotifier):
    """Wagtail's "changes requested" email, for people who can open the admin."""


# Wagtail's own dispatch ids, so whichever app is ready first, one of each runs.
_REPLACED = [
    (
        workflow_approved,
        ApprovalToAdminUsers(),
        "workflow_state_approved_email_notification",
    ),
    (
        workflow_rejected,
        RejectionToAdminUsers(),
        "workflow_state_rejected_email_notification",
    ),
]


def replace_wagtail_notifiers() -> None:
    """Swap Wagtail's approval and rejection emails for the filtered ones."""
    for signal, notifier, uid in _REPLACED:
        signal.disconnect(sender=WorkflowState, dispatch_uid=uid)
        signal.connect(notifier, sender=WorkflowState, dispatch_uid=uid)
