"""Signals the case studies listen to: news back to an area that shared one."""

from __future__ import annotations

from django.db.models import Q
from wagtail.models import WorkflowState
from wagtail.signals import page_published, workflow_rejected

from casestudies.models import CaseStudyPage, CaseStudySubmission
from casestudies.sharing import (
    Status,
    statuses,
    tell_author_published,
    tell_author_sent_back,
)
from ehch.accounts.signals import member_data_requested, member_deleted


def _published(sender, instance, **kwargs) -> None:
    tell_author_published(instance)


def _sent_back(sender, instance: WorkflowState, **kwargs) -> None:
    tell_author_sent_back(instance)


def export_shared_case_studies(sender, user, **kwargs) -> dict:
    """The case studies a member shared, for their download."""
    submissions = list(
        CaseStudySubmission.objects.filter(submitter=user)
        .select_related("page")
        .order_by("pk")
    )
    found = statuses(submissions)
    return {
        "shared_case_studies": [
            {
                "title": submission.page.title,
                "status": Status.LABELS[found[submission.pk]],
                "address": submission.page.url if submission.page.live else None,
                "submitted_at": submission.submitted_at.isoformat(),
            }
            for submission in submissions
        ]
    }


CONTACT_FIELDS = {
    "contact_name": "",
    "contact_role": "",
    "contact_email": "",
    "contact_consent": False,
}


def erase_named_contact(sender, user, identifiers: frozenset[str], **kwargs) -> None:
    """Take a deleted member off every case study that names them as its contact.

    Inside the deletion. The page row loses the contact at once; the latest
    draft gets a new revision without it, published if the page was live with
    nothing else pending, so publishing a draft later cannot bring it back.
    (Older revisions in the edit history still hold it, as they hold every
    earlier version of a page.)
    """
    if not identifiers:
        return
    match = Q()
    for value in identifiers:
        match |= Q(contact_email__iexact=value)
    for page in CaseStudyPage.objects.filter(match):
        pending = page.has_unpublished_changes
        CaseStudyPage.objects.filter(pk=page.pk).update(**CONTACT_FIELDS)
        draft = page.get_latest_revision_as_object()
        for name, value in CONTACT_FIELDS.items():
            setattr(draft, name, value)
        revision = draft.save_revision(log_action=True, clean=False)
        if page.live and not pending:
            revision.publish(log_action=True)


def connect() -> None:
    """Connect the receivers (from the app's ``ready``)."""
    page_published.connect(
        _published, sender=CaseStudyPage, dispatch_uid="casestudies-shared-published"
    )
    workflow_rejected.connect(
        _sent_back, sender=WorkflowState, dispatch_uid="casestudies-shared-sent-back"
    )
    member_data_requested.connect(
        export_shared_case_studies, dispatch_uid="casestudies-export"
    )
    member_deleted.connect(erase_named_contact, dispatch_uid="casestudies-erase")
