"""Public responses to shared views: published at once, the person told once if
they asked, and every place that shows views says which have a response."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import PageViewRestriction

from cms.voices import moderation
from cms.voices.models import StatementResponse, SubmissionContact
from cms.voices.sharing import receive_submission
from tests.casestudies.factories import CaseStudyFactory, build_site

from .factories import ContactFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

WORDS = "Good care is staff who knock before they come in."
ANSWER = "We asked every home in the network to agree a knock-and-wait rule."


def _published(moderator, theme, *, hear_back=True, contact=True):
    submission = SubmissionFactory(text=WORDS, hear_back=hear_back)
    if contact:
        ContactFactory(submission=submission, email="daughter@example.org")
    return moderation.approve_submission(
        submission, moderator=moderator, text=WORDS, themes=[theme]
    )


def _respond(client, statement, **extra):
    data = {"responder": "Oak House care home", "text": ANSWER, **extra}
    return client.post(
        reverse("voices_admin:respond", args=[statement.pk]), data, follow=True
    )


def test_a_response_is_published_and_the_person_emailed_once(
    client, editor, moderator, theme
):
    _, index = build_site()
    case_study = CaseStudyFactory(parent=index, title="Knock and wait in Ashford")
    statement = _published(moderator, theme)
    client.force_login(editor)
    listing = client.get(reverse("voices_admin:responses")).content.decode()
    assert WORDS[:30] in listing
    mail.outbox.clear()
    response = _respond(client, statement, linked_page=str(case_study.pk))
    html = response.content.decode()
    assert "asked to hear back and has been emailed" in html
    assert [m.to for m in mail.outbox] == [["daughter@example.org"]]
    message = mail.outbox[0]
    assert ANSWER in message.body and "Oak House care home" in message.body
    assert case_study.url in message.body
    assert statement.get_absolute_url() in message.body
    saved = StatementResponse.objects.get()
    assert saved.author_told_at is not None and saved.created_by == editor

    # A second response is published but sends nothing more.
    mail.outbox.clear()
    html = _respond(client, statement, responder="The network's editors").content
    assert "emailed about an earlier response" in html.decode()
    assert mail.outbox == []

    client.logout()
    theme_page = client.get(reverse("voices:theme", args=[theme.slug]))
    page_html = theme_page.content.decode()
    assert "Response from Oak House care home" in page_html
    assert ANSWER in page_html
    assert "Read more: Knock and wait in Ashford" in page_html
    assert "1 view about this, 1 with a public response" in page_html
    index_html = client.get(reverse("voices:index")).content.decode()
    assert "1 view, 1 with a public response" in index_html
    # Contact details never reach a public page.
    assert "daughter@example.org" not in page_html + index_html


@pytest.mark.parametrize(
    ("hear_back", "contact", "said"),
    [
        (False, True, "did not ask to hear back, so nobody was emailed"),
        (True, False, "their contact details have been deleted"),
    ],
)
def test_when_nobody_can_be_told_the_editor_is_told_why(
    client, editor, moderator, theme, hear_back, contact, said
):
    statement = _published(moderator, theme, hear_back=hear_back, contact=contact)
    client.force_login(editor)
    mail.outbox.clear()
    html = _respond(client, statement).content.decode()
    assert said in html
    assert mail.outbox == []
    assert said in StatementResponse.objects.get().author_not_told
    # The response page records it for the next editor too.
    again = client.get(reverse("voices_admin:respond", args=[statement.pk]))
    assert said in again.content.decode()


def test_a_failed_email_keeps_the_response_and_says_so(
    client, editor, moderator, theme, flaky_email
):
    statement = _published(moderator, theme)
    flaky_email.failures_left = 1
    client.force_login(editor)
    html = _respond(client, statement).content.decode()
    assert "the email could not be sent" in html
    saved = StatementResponse.objects.get()
    assert saved.author_told_at is None
    assert (
        ANSWER
        in client.get(reverse("voices:theme", args=[theme.slug])).content.decode()
    )


def test_only_published_views_and_only_editors_and_moderators(
    client, editor, moderator, safeguarding_lead, member, theme
):
    waiting = SubmissionFactory(text=WORDS)
    client.force_login(editor)
    url = reverse("voices_admin:respond", args=[waiting.pk])
    assert client.get(url).status_code == 404
    published = _published(moderator, theme)
    url = reverse("voices_admin:respond", args=[published.pk])
    assert client.get(url).status_code == 200
    client.force_login(moderator)
    assert client.get(url).status_code == 200
    for user in (safeguarding_lead, member):
        client.force_login(user)
        assert client.get(url).status_code in (302, 403)
        data = {"responder": "Someone", "text": ANSWER}
        assert client.post(url, data).status_code in (302, 403)
    assert not StatementResponse.objects.exists()
    # Withdrawn or unpublished views lose their response page with the view.
    client.force_login(editor)
    moderation.withdraw_submission(published)
    assert client.get(url).status_code == 404


def test_a_link_to_a_private_or_unpublished_page_is_never_shown(
    client, editor, moderator, theme
):
    _, index = build_site()
    private = CaseStudyFactory(parent=index, title="Private pilot")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    statement = _published(moderator, theme)
    client.force_login(editor)
    mail.outbox.clear()
    _respond(client, statement, linked_page=str(private.pk))
    assert "Private pilot" not in mail.outbox[0].body
    client.logout()
    html = client.get(reverse("voices:theme", args=[theme.slug])).content.decode()
    assert ANSWER in html and "Private pilot" not in html


def test_asking_to_hear_back_needs_an_email_address(client, theme):
    data = {
        "sharer_role": "family",
        "text": WORDS,
        "themes": [str(theme.pk)],
        "consent_to_publish": "on",
        "hear_back": "on",
    }
    response = client.post(reverse("voices:share"), data)
    assert "Give an email address so we can tell you" in response.content.decode()
    data["contact_email"] = "daughter@example.org"
    assert client.post(reverse("voices:share"), data).status_code == 302
    saved = SubmissionContact.objects.get().submission
    assert saved.hear_back
    # Without an address, the wish to hear back cannot be kept.
    alone = receive_submission(sharer_role="resident", text=WORDS, hear_back=True)
    assert not alone.hear_back


def test_the_theme_page_does_not_query_more_for_more_responses(
    client, editor, moderator, theme
):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get(reverse("voices:theme", args=[theme.slug])).status_code
                == 200
            )
        return len(queries)

    first = _published(moderator, theme)
    StatementResponse.objects.create(statement=first, responder="A", text="One.")
    one = count()
    for _ in range(5):
        statement = _published(moderator, theme)
        StatementResponse.objects.create(
            statement=statement, responder="B", text="Two."
        )
    assert count() == one
