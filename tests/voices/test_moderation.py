import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse

from cms.voices import moderation
from cms.voices.models import Channel, Decision, Status, Submission
from cms.voices.signals import statement_published, statement_unpublished

from .factories import ContactFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """Record the signals sent to search."""
    events = []

    def published(sender, submission, **kwargs):
        events.append(("published", submission.pk))

    def unpublished(sender, submission, **kwargs):
        events.append(("unpublished", submission.pk))

    statement_published.connect(published)
    statement_unpublished.connect(unpublished)
    yield events
    statement_published.disconnect(published)
    statement_unpublished.disconnect(unpublished)


def test_approving_publishes_the_edited_text_and_keeps_the_original(
    moderator, theme, heard, django_capture_on_commit_callbacks
):
    submission = SubmissionFactory(text="Mrs Jones at Oak House is kind.")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.approve_submission(
            submission,
            moderator=moderator,
            text="[Name] at [care home] is kind.",
            themes=[theme],
        )
    submission.refresh_from_db()
    assert submission.is_published
    assert submission.text == "[Name] at [care home] is kind."
    assert submission.original_text == "Mrs Jones at Oak House is kind."
    decision = submission.decisions.get()
    assert (decision.action, decision.actor) == (Decision.APPROVED, moderator)
    assert heard == [("published", submission.pk)]


def test_a_view_without_consent_cannot_be_published(moderator, theme):
    submission = SubmissionFactory(consent_to_publish=False)
    with pytest.raises(moderation.ModerationError):
        moderation.approve_submission(
            submission, moderator=moderator, text="x", themes=[theme]
        )
    assert Submission.objects.get().status == Status.RECEIVED


def test_rejecting_needs_a_reason_and_unpublishes(
    moderator, theme, heard, django_capture_on_commit_callbacks
):
    submission = SubmissionFactory(status=Status.APPROVED)
    with pytest.raises(moderation.ModerationError):
        moderation.reject_submission(submission, moderator=moderator, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.reject_submission(submission, moderator=moderator, reason="Advert")
    submission.refresh_from_db()
    assert submission.status == Status.REJECTED
    assert submission.decisions.get().reason == "Advert"
    assert heard == [("unpublished", submission.pk)]


@override_settings(VOICES_SAFEGUARDING_EMAILS=["safeguarding@example.org"])
def test_a_safeguarding_flag_emails_exactly_once_and_never_publishes(
    moderator, theme, safeguarding_lead, django_capture_on_commit_callbacks
):
    submission = SubmissionFactory(text="Someone shouts at my dad at night.")
    ContactFactory(submission=submission)
    with django_capture_on_commit_callbacks(execute=True):
        moderation.flag_safeguarding(submission, moderator=moderator, reason="Abuse?")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.flag_safeguarding(submission, moderator=moderator)
    # One email per contact (one bad address cannot hold up the others).
    assert sorted(m.to[0] for m in mail.outbox) == [
        "lead@example.org",
        "safeguarding@example.org",
    ]
    for message in mail.outbox:
        assert len(message.to) == 1
        assert submission.reference in message.subject
        # The email carries no words of the view and no contact details.
        assert "shouts" not in message.body and "edith" not in message.body.lower()
    with pytest.raises(moderation.ModerationError):
        moderation.approve_submission(
            submission, moderator=moderator, text="x", themes=[theme]
        )
    submission.refresh_from_db()
    assert submission.status == Status.SAFEGUARDING
    assert not Submission.objects.published().exists()
    assert len(mail.outbox) == 2


@override_settings(VOICES_SAFEGUARDING_EMAILS=["safeguarding@example.org"])
def test_no_email_is_sent_when_the_flag_is_rolled_back(moderator, monkeypatch):
    submission = SubmissionFactory()

    def fail(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(moderation.ModerationDecision.objects, "create", fail)
    with pytest.raises(RuntimeError):
        moderation.flag_safeguarding(submission, moderator=moderator)
    assert mail.outbox == []
    assert Submission.objects.get().status == Status.RECEIVED


def test_withdrawing_a_safeguarding_concern_keeps_it_with_the_safeguarding_team(
    moderator,
):
    submission = SubmissionFactory(status=Status.SAFEGUARDING)
    ContactFactory(submission=submission)
    moderation.withdraw_submission(submission)
    submission.refresh_from_db()
    assert submission.status == Status.SAFEGUARDING
    assert hasattr(submission, "contact")
    assert submission.decisions.get().action == Decision.WITHDRAWN


# The admin views


def test_the_queue_is_for_moderators_only(client, member, moderator):
    SubmissionFactory(text="Waiting view")
    url = reverse("voices_admin:queue")
    client.force_login(member)
    assert "Waiting view" not in client.get(url).content.decode()
    client.force_login(moderator)
    response = client.get(url)
    assert response.status_code == 200
    assert "Waiting view" in response.content.decode()


def test_the_admin_menu_shows_the_queue_to_moderators(client, moderator):
    SubmissionFactory()
    client.force_login(moderator)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Shared views (1 waiting)" in html


def test_the_moderation_page_highlights_names_and_shows_contact_details(
    client, moderator
):
    submission = SubmissionFactory(text="Mrs Jones at Oak House is kind.")
    ContactFactory(submission=submission)
    client.force_login(moderator)
    html = client.get(
        reverse("voices_admin:moderate", args=[submission.pk])
    ).content.decode()
    assert "Possible person: </span>Mrs Jones</mark>" in html
    assert "Possible care home: </span>Oak House</mark>" in html
    assert "edith.contact@example.org" in html


def test_a_moderator_approves_with_edited_text_through_the_admin(
    client, moderator, theme, django_capture_on_commit_callbacks
):
    submission = SubmissionFactory(text="Mrs Jones is kind.")
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("voices_admin:moderate", args=[submission.pk]),
            {
                "decision": "approve",
                "text": "The nurse is kind.",
                "themes": [theme.pk],
                "reason": "",
            },
        )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.is_published and submission.text == "The nurse is kind."


def test_rejecting_in_the_admin_without_a_reason_re_displays_the_form(
    client, moderator
):
    submission = SubmissionFactory()
    client.force_login(moderator)
    response = client.post(
        reverse("voices_admin:moderate", args=[submission.pk]),
        {"decision": "reject", "text": "x", "reason": ""},
    )
    assert response.status_code == 200
    assert "Give a reason for not publishing" in response.content.decode()
    assert Submission.objects.get().status == Status.RECEIVED


def test_a_safeguarding_contact_can_read_but_not_decide(client, safeguarding_lead):
    submission = SubmissionFactory()
    url = reverse("voices_admin:moderate", args=[submission.pk])
    client.force_login(safeguarding_lead)
    assert client.get(url).status_code == 200
    client.post(url, {"decision": "approve", "text": "x", "reason": ""})
    assert Submission.objects.get().status == Status.RECEIVED


def test_a_moderator_types_in_a_paper_view_with_its_channel(client, moderator, theme):
    client.force_login(moderator)
    response = client.post(
        reverse("voices_admin:add_offline"),
        {
            "channel": "paper",
            "sharer_role": "resident",
            "recorded_by": "activities co-ordinator",
            "text": "I like the garden.",
            "themes": [theme.pk],
            "consent_to_publish": "on",
        },
    )
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.channel == Channel.PAPER
    assert submission.entered_by == moderator
    assert submission.recorded_on_behalf
    assert submission.status == Status.RECEIVED
    assert submission.decisions.get().action == Decision.ENTERED
