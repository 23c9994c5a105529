"""Public responses to shared views ("you said, we did"), and telling the person.

An editor publishes a response under a published view, for the network or on
behalf of a named organisation, optionally linking a case study or guidance
that answers it. If the person who shared the view asked to hear back and
their contact details are still kept, they are emailed once: about the first
response (later ones appear on the site, which the email says). What happened
is recorded on the response and told to the editor in a sentence; nothing is
claimed that did not happen.
"""

from __future__ import annotations

import logging

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.utils import timezone
from wagtail.models import Page

from cms.site_address import absolute_url
from cms.visibility import public_q
from ehch.emails import send_email

from .forms import retention_in_words
from .models import StatementResponse, Submission, SubmissionContact

logger = logging.getLogger(__name__)


class ResponseError(ValueError):
    """A response that cannot be published; the message is for the editor."""


def responses_prefetch() -> Prefetch:
    """Each statement's responses, with whether its link may be shown to all."""
    public_page = Page.objects.live().filter(public_q(), pk=OuterRef("linked_page_id"))
    return Prefetch(
        "responses",
        queryset=StatementResponse.objects.select_related("linked_page").annotate(
            link_public=Exists(public_page)
        ),
    )


def respond(
    statement: Submission,
    *,
    responder: str,
    text: str,
    linked_page: Page | None,
    by: AbstractBaseUser,
) -> tuple[StatementResponse, str]:
    """Publish a response and tell the author if they asked; say what happened."""
    with transaction.atomic():
        statement = Submission.objects.select_for_update().get(pk=statement.pk)
        if not statement.is_published:
            raise ResponseError(
                "Only a published view can have a public response; this one is "
                f"{statement.get_status_display().lower()}."
            )
        told_before = statement.responses.filter(author_told_at__isnull=False).exists()
        response = StatementResponse.objects.create(
            statement=statement,
            responder=responder.strip(),
            text=text.strip(),
            linked_page=linked_page,
            created_by=by,
        )
    # Emailed after the response is saved, outside its transaction: a mail
    # server that is down must not undo a published response, and the row
    # then says the person was not told.
    return response, _tell_author(statement, response, told_before)


def _tell_author(
    statement: Submission, response: StatementResponse, told_before: bool
) -> str:
    published = "The response is published under the view."
    if not statement.hear_back:
        return _not_told(
            response, published, "They did not ask to hear back, so nobody was emailed."
        )
    if told_before:
        return _not_told(
            response,
            published,
            "They were emailed about an earlier response, so no email was sent.",
        )
    contact = SubmissionContact.objects.filter(submission=statement).first()
    if contact is None or not contact.email:
        return _not_told(
            response,
            published,
            "They asked to hear back, but their contact details have been deleted "
            f"(they are kept for {retention_in_words()}), so they could not be told.",
        )
    try:
        send_email(
            "Someone has responded to the view you shared",
            "voices/email/response",
            {
                "statement": statement,
                "response": response,
                "statement_url": absolute_url(statement.get_absolute_url()),
                "linked_url": absolute_url(response.linked_page.url)
                if _link_public(response)
                else "",
            },
            [contact.email],
        )
    except Exception:
        logger.exception(
            "Could not email the author of view %s about response %s",
            statement.reference,
            response.pk,
        )
        return _not_told(
            response,
            published,
            "They asked to hear back, but the email could not be sent. The error "
            "is in the log; please contact them another way.",
        )
    response.author_told_at = timezone.now()
    response.save(update_fields=["author_told_at"])
    return (
        f"{published} The person who shared it asked to hear back and has been emailed."
    )


def _not_told(response: StatementResponse, published: str, reason: str) -> str:
    response.author_not_told = reason[:200]
    response.save(update_fields=["author_not_told"])
    return f"{published} {reason}"


def _link_public(response: StatementResponse) -> bool:
    page = response.linked_page
    return bool(
        page is not None and Page.objects.live().filter(public_q(), pk=page.pk).exists()
    )
