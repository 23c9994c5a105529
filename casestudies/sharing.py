"""An area shares its own case study: a draft in the editors' workflow, and news back.

A shared case study is an ordinary ``CaseStudyPage``, never live until an
editor publishes it, with provenance "submitted by the area". Sending it starts
the moderation workflow that covers the case-study index (cms/editorial.py),
so moderators are told by Wagtail as for any page. The author is told, in the
site's own emails, when it is published (once) and each time editors send it
back with their comment; after a send-back they can change it and send it
again, which resumes the same workflow.

If no workflow covers the index, nothing would ever tell an editor: the
author is told so plainly, the log says so, and ``manage.py check`` warns
(casestudies.W001).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page, WorkflowState

from casestudies.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    CaseStudySubmission,
    Provenance,
)
from casestudies.models.pages import RESERVED_SLUGS
from casestudies.share_forms import (
    STORY_HELP,
    CaseStudyShareForm,
    RowFormSet,
)
from cms.contact import contact_text
from cms.site_address import absolute_url
from ehch.emails import send_email
from ehch.roles import moderator_addresses

logger = logging.getLogger(__name__)

MANY_VALUED = ("approach", "rollout", "challenges", "elements")


class Status:
    """Where a shared case study stands, in the words its author reads."""

    IN_REVIEW = "in-review"
    SENT_BACK = "sent-back"
    PUBLISHED = "published"
    UNPUBLISHED = "unpublished"
    WAITING = "waiting"  # a draft outside any workflow: editors must pick it up

    LABELS = {
        IN_REVIEW: "With the editors",
        SENT_BACK: "Editors have asked for changes",
        PUBLISHED: "Published",
        UNPUBLISHED: "No longer published",
        WAITING: "Saved as a draft for the editors",
    }


@dataclass
class Shared:
    """What happened when a case study was sent."""

    submission: CaseStudySubmission
    in_workflow: bool
    editors_told: bool


def free_slug(parent: Page, title: str) -> str:
    """A slug from ``title`` that no sibling (draft or live) nor a route uses."""
    base = slugify(title)[:60].strip("-") or "case-study"
    taken = set(parent.get_children().values_list("slug", flat=True)) | RESERVED_SLUGS
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _apply(
    page: CaseStudyPage,
    form: CaseStudyShareForm,
    outcomes: RowFormSet,
    sources: RowFormSet,
) -> None:
    """Put the form's many-valued terms, story and rows on the (unsaved) page."""
    for name in MANY_VALUED:
        setattr(page, name, list(form.cleaned_data[name]))
    # Blocks an editor added (a quote, an image) stay, after the story.
    kept = [
        (block.block_type, block.value)
        for block in page.narrative
        if block.block_type not in STORY_HELP
    ]
    page.narrative = [*form.story_blocks(), *kept]
    page.outcomes = outcomes.rows()
    page.sources = sources.rows()


NO_WORKFLOW = "no moderation workflow covers the case-study index"
NO_MODERATOR = "no active moderator has an email address"


def review_gaps(page: Page) -> list[str]:
    """What would stop a case study shared under ``page`` reaching an editor.

    One rule for the author's message, the log and ``casestudies.W001``.
    """
    gaps = []
    if page.get_workflow() is None:
        gaps.append(NO_WORKFLOW)
    if not moderator_addresses():
        gaps.append(NO_MODERATOR)
    return gaps


def share(
    index: CaseStudyIndexPage,
    user: AbstractBaseUser,
    form: CaseStudyShareForm,
    outcomes: RowFormSet,
    sources: RowFormSet,
) -> Shared:
    """Save a new shared case study as a draft and send it to the editors."""
    page: CaseStudyPage = form.instance
    page.provenance = Provenance.SUBMITTED
    page.slug = free_slug(index, page.title)
    page.live = False
    page.has_unpublished_changes = True
    page.owner = user
    _apply(page, form, outcomes, sources)
    with transaction.atomic():
        index.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
        submission = CaseStudySubmission.objects.create(page=page, submitter=user)
        workflow = page.get_workflow()
        if workflow is not None:
            workflow.start(page, user)
    return _report(submission, workflow is not None)


def resubmit(
    submission: CaseStudySubmission,
    user: AbstractBaseUser,
    form: CaseStudyShareForm,
    outcomes: RowFormSet,
    sources: RowFormSet,
) -> Shared:
    """Save the author's changes as a new revision and send it back to the editors."""
    page: CaseStudyPage = form.instance
    _apply(page, form, outcomes, sources)
    with transaction.atomic():
        page.save_revision(user=user, log_action=True)
        state = page.current_workflow_state
        workflow = page.get_workflow()
        if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            state.resume(user)
        elif state is None and workflow is not None:
            workflow.start(page, user)
        submission.resubmitted_at = timezone.now()
        submission.save(update_fields=["resubmitted_at"])
    return _report(submission, page.current_workflow_state is not None)


def _report(submission: CaseStudySubmission, in_workflow: bool) -> Shared:
    gaps = review_gaps(submission.page)
    if not in_workflow:
        # Said of this case study: it was sent into no workflow.
        others = [gap for gap in gaps if gap != NO_WORKFLOW]
        gaps = ["no workflow covers the case-study index", *others]
    if gaps:
        logger.error(
            "Shared case study %s (page %s) has no editor to review it: %s",
            submission.pk,
            submission.page_id,
            "; ".join(gaps),
        )
    return Shared(submission, in_workflow, editors_told=not gaps)


def status_of(
    submission: CaseStudySubmission, state: WorkflowState | None | bool = False
) -> str:
    """Where a shared case study stands (one of ``Status``).

    ``state`` is the page's open workflow state when the caller already has
    it (``statuses`` fetches them for a list in one query); left out, it is
    looked up.
    """
    page = submission.page
    if page.live:
        return Status.PUBLISHED
    if state is False:
        state = page.current_workflow_state
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return Status.SENT_BACK
    if state is not None:
        return Status.IN_REVIEW
    if page.first_published_at is not None:
        return Status.UNPUBLISHED
    return Status.WAITING


def statuses(submissions: list[CaseStudySubmission]) -> dict[int, str]:
    """Each submission's status by its pk, with one query for their workflows."""
    states = {
        int(state.object_id): state
        for state in WorkflowState.objects.active().filter(
            base_content_type=_page_content_type_id(),
            object_id__in=[str(s.page_id) for s in submissions],
        )
    }
    return {s.pk: status_of(s, states.get(s.page_id)) for s in submissions}


def editors_comment(submission: CaseStudySubmission) -> str:
    """The comment editors left when they last sent it back, if any."""
    state = submission.page.current_workflow_state
    if state is None or state.current_task_state is None:
        return ""
    return state.current_task_state.comment or ""


def can_change(submission: CaseStudySubmission) -> bool:
    """The author may change it only while editors have asked them to."""
    return status_of(submission) in (Status.SENT_BACK, Status.WAITING)


# --- news back to the author ---------------------------------------------


def _email_author(submission: CaseStudySubmission, template: str, **context) -> bool:
    user = submission.submitter
    if user is None or not user.is_active or not user.email:
        logger.warning(
            "Shared case study %s: its author cannot be emailed (%s)",
            submission.pk,
            "account deleted" if user is None else "no active address",
        )
        return False
    context = {
        "submission": submission,
        "page": submission.page,
        "contact_text": contact_text(),
        **context,
    }
    subjects = {
        "published": "Your case study is published",
        "sent_back": "The editors have asked for changes to your case study",
    }
    send_email(
        subjects[template],
        f"casestudies/email/{template}",
        context,
        [user.email],
    )
    return True


def _page_content_type_id() -> int:
    return ContentType.objects.get_for_model(Page).pk


def tell_author_published(page: CaseStudyPage) -> None:
    """Email the author the first time their shared case study goes live."""
    with transaction.atomic():
        submission = (
            CaseStudySubmission.objects.select_for_update(of=("self",))
            .filter(page=page, told_published_at__isnull=True)
            .select_related("submitter")
            .first()
        )
        if submission is None:
            return  # not shared through the site, or already told
        submission.told_published_at = timezone.now()
        submission.save(update_fields=["told_published_at"])
        transaction.on_commit(
            lambda: _email_author(submission, "published", url=absolute_url(page.url))
        )


def tell_author_sent_back(state: WorkflowState) -> None:
    """Email the author each time editors send their case study back."""
    if state.base_content_type_id != _page_content_type_id():
        return  # a snippet's workflow
    submission = (
        CaseStudySubmission.objects.filter(page_id=int(state.object_id))
        .select_related("submitter", "page")
        .first()
    )
    if submission is None:
        return
    comment = state.current_task_state.comment if state.current_task_state else ""
    submission.told_sent_back_at = timezone.now()
    submission.save(update_fields=["told_sent_back_at"])
    change_url = absolute_url(
        f"{submission.page.get_parent().url}share/{submission.pk}/change/"
    )
    transaction.on_commit(
        lambda: _email_author(
            submission, "sent_back", comment=comment or "", change_url=change_url
        )
    )
