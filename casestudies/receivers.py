"""Signals the case studies listen to: news back to an area that shared one."""

from __future__ import annotations

from wagtail.models import WorkflowState
from wagtail.signals import page_published, workflow_rejected

from casestudies.models import CaseStudyPage
from casestudies.sharing import tell_author_published, tell_author_sent_back


def _published(sender, instance, **kwargs) -> None:
    tell_author_published(instance)


def _sent_back(sender, instance: WorkflowState, **kwargs) -> None:
    tell_author_sent_back(instance)


def connect() -> None:
    """Connect the receivers (from the app's ``ready``)."""
    page_published.connect(
        _published, sender=CaseStudyPage, dispatch_uid="casestudies-shared-published"
    )
    workflow_rejected.connect(
        _sent_back, sender=WorkflowState, dispatch_uid="casestudies-shared-sent-back"
    )
