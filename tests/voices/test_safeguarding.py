"""The safeguarding route: recipients required, outbox with retries,
acknowledgement, escalation, harm phrases, honest messages."""

import logging
import secrets
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core import mail
from django.core.checks import run_checks
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cms.voices import moderation, safeguarding, sharing
from cms.voices.demo import load_statements, load_themes
from cms.voices.harm import find_harm_phrases
from cms.voices.models import (
    AlertKind,
    AlertStatus,
    Decision,
    HarmPhrase,
    SafeguardingAlert,
    SafeguardingConcern,
    Status,
    Submission,
)

from .factories import ContactFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

CONTACT = "safeguarding@example.org"


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser(
        username="boss", email="boss@example.org", password="pw-long-enough-1"
    )


def _flag(client, user, submission, callbacks):
    client.force_login(user)
    with callbacks(execute=True):
        response = client.post(
            reverse("voices_admin:moderate", args=[submission.pk]),
            {"decision": "safeguarding", "text": submission.text, "reason": "Hurt"},
        )
    assert response.status_code == 302
    return [str(m) for m in get_messages(response.wsgi_request)]


def _ids(messages):
    return {message.id for message in messages}


# Recipients are required


@override_settings(VOICES_SAFEGUARDING_EMAILS=[])
def test_the_check_warns_when_nobody_would_be_told(groups):
    assert "voices.W001" in _ids(run_checks())
    # Not an error outside production, even for the deployment checks.
    assert "voices.E001" not in _ids(run_checks(include_deployment_checks=True))


@override_settings(VOICES_SAFEGUARDING_EMAILS=[])
def test_the_check_is_quiet_once_a_safeguarding_contact_has_an_email(
    safeguarding_lead,
):
    assert "voices.W001" not in _ids(run_checks())
    with override_settings(VOICES_SAFEGUARDING_REQUIRED=True):
        assert not _ids(run_checks(include_deployment_checks=True)) & {
            "voices.E001",
            "voices.W001",
        }


@override_settings(VOICES_SAFEGUARDING_EMAILS=[], VOICES_SAFEGUARDING_REQUIRED=True)
def test_with_production_settings_nobody_to_tell_is_a_deployment_error(groups):
    assert "voices.E001" in _ids(run_checks(include_deployment_checks=True))


def _production_env(**extra):
    return {
        "DJANGO_SETTINGS_MODULE": "ehch.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "network.example.org",
        **extra,
    }


def test_check_deploy_fails_under_production_settings_without_a_recipient(
    run_manage,
):
    result = run_manage(
        "check", "--deploy", env=_production_env(VOICES_SAFEGUARDING_EMAILS="")
    )
    assert result.returncode != 0
    assert "voices.E001" in result.stderr + result.stdout
    assert "VOICES_SAFEGUARDING_EMAILS" in result.stderr + result.stdout
    configured = run_manage(
        "check",
        "--deploy",
        env=_production_env(VOICES_SAFEGUARDING_EMAILS=CONTACT),
    )
    assert "voices.E001" not in configured.stderr + configured.stdout
    assert configured.returncode == 0, configured.stderr


def test_the_check_copes_with_a_database_that_is_not_migrated(run_manage, tmp_path):
    result = run_manage(
        "check",
        env={
            "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
            "VOICES_SAFEGUARDING_EMAILS": "",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "voices.W001" in result.stderr
    assert "migrated" in result.stderr
    assert "Traceback" not in result.stderr


@override_settings(VOICES_SAFEGUARDING_EMAILS=[])
def test_the_moderation_screen_warns_before_anyone_flags(client, moderator):
    submission = SubmissionFactory()
    client.force_login(moderator)
    for url in (
        reverse("voices_admin:queue"),
        reverse("voices_admin:moderate", args=[submission.pk]),
    ):
        html = client.get(url).content.decode()
        assert 'id="safeguarding-warnings"' in html
        assert "Nobody will be emailed if you mark a view" in html


@override_settings(VOICES_SAFEGUARDING_EMAILS=[CONTACT])
def test_no_warning_banner_when_a_contact_is_configured(client, moderator):
    client.force_login(moderator)
    html = client.get(reverse("voices_admin:queue")).content.decode()
    assert 'id="safeguarding-warnings"' not in html


# Flagging says exactly what happened


@override_settings(VOICES_SAFEGUARDING_EMAILS=[])
def test_flagging_with_nobody_to_tell_says_so_and_claims_no_email(
    client, moderator, django_capture_on_commit_callbacks
):
    submission = SubmissionFactory()
    messages = _flag(client, moderator, submission, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert len(messages) == 1
    assert "Nobody has been emailed" in messages[0]
    assert "Phone your safeguarding lead now" in messages[0]
    assert "have been emailed" not in messages[0]
    actions = list(submission.decisions.values_list("action", flat=True))
    assert actions == [Decision.SAFEGUARDING, Decision.NOBODY_TO_TELL]


@override_settings(VOICES_SAFEGUARDING_EMAILS=[])
def test_with_no_contacts_the_administrators_are_emailed_and_the_message_says_so(
    client, moderator, admin_user, django_capture_on_commit_callbacks
):
    submission = SubmissionFactory()
    messages = _flag(client, moderator, submission, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [["boss@example.org"]]
    said = "Email to 1 administrator (there are no safeguarding contacts): 1 "
    assert said + "waiting to send" in messages[0]
    assert said + "sent" in safeguarding.flag_message(submission)[0]


@override_settings(VOICES_SAFEGUARDING_EMAILS=[CONTACT])
def test_flagging_with_a_contact_sends_the_email_and_says_how_many(
    client, moderator, django_capture_on_commit_callbacks
):
    submission = SubmissionFactory(text="My mum has bruises on her arms.")
    messages = _flag(client, moderator, submission, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[CONTACT]]
    assert submission.reference in mail.outbox[0].subject
    assert "bruises" not in mail.outbox[0].body
    # In the request the email is queued; it is sent once the decision commits
    # (at once with the immediate backend, or by the worker).
    assert "Email to 1 safeguarding contact: 1 waiting to send." in messages[0]
    assert (
        "Email to 1 safeguarding contact: 1 sent."
        in (safeguarding.flag_message(submission)[0])
    )
    alert = SafeguardingAlert.objects.get()
    assert (alert.status, alert.attempts, alert.kind) == (
        AlertStatus.SENT,
        1,
        AlertKind.FLAGGED,
    )
    assert alert.sent_at is not None
    actions = list(submission.decisions.values_list("action", flat=True))
    assert actions[-3:] == [
        Decision.SAFEGUARDING,
        Decision.ALERT_QUEUED,
        Decision.ALERT_SENT,
    ]


# The outbox retries


@override_settings(VOICES_SAFEGUARDING_EMAILS=[CONTACT])
def test_a_failing_send_is_retried_until_it_succeeds(
    client, moderator, flaky_email, caplog, django_capture_on_commit_callbacks
):
    flaky_email.failures_left = 3
    submission = SubmissionFactory()
    with caplog.at_level(logging.WARNING, logger="cms.voices.safeguarding"):
        messages = _flag(
            client, moderator, submission, django_capture_on_commit_callbacks
        )
        assert "1 waiting to send" in messages[0]
        message, is_problem = safeguarding.flag_message(submission)
        assert "1 failed and will be tried again" in message and is_problem
        alert = SafeguardingAlert.objects.get()
        assert (alert.status, alert.attempts) == (AlertStatus.RETRYING, 1)
        assert "ConnectionRefusedError" in alert.last_error
        # Not due yet: nothing is tried.
        assert safeguarding.retry_due() == {"sent": 0, "failed": 0}
        later = alert.next_attempt_at
        assert safeguarding.retry_due(later) == {"sent": 0, "failed": 1}
        alert.refresh_from_db()
        # The wait grows: one minute, then two.
        assert alert.next_attempt_at - later >= timedelta(minutes=2)
        assert safeguarding.retry_due(alert.next_attempt_at)["failed"] == 1
        # The third failure counts as failing: an ERROR in the log.
        errors = [r for r in caplog.records if r.levelno == logging.ERROR]
        assert len(errors) == 1 and submission.reference in errors[0].getMessage()
    assert mail.outbox == []
    # Visible in the admin while it keeps failing.
    html = client.get(reverse("voices_admin:outbox")).content.decode()
    assert "Failed; will try again" in html and "ConnectionRefusedError" in html
    assert "1 safeguarding email has failed to send" in html
    alert.refresh_from_db()
    assert safeguarding.retry_due(alert.next_attempt_at) == {"sent": 1, "failed": 0}
    alert.refresh_from_db()
    assert (alert.status, alert.attempts, alert.last_error) == (
        AlertStatus.SENT,
        4,
        "",
    )
    assert [m.to for m in mail.outbox] == [[CONTACT]]
    failures = submission.decisions.filter(action=Decision.ALERT_FAILED).count()
    assert failures == 3
    assert submission.decisions.filter(action=Decision.ALERT_SENT).count() == 1


@override_settings(VOICES_SAFEGUARDING_EMAILS=[CONTACT])
def test_the_cron_command_sends_emails_the_task_queue_never_took(
    moderator, django_capture_on_commit_callbacks
):
    submission = SubmissionFactory()
    # No commit callbacks run: as if the task queue were down.
    moderation.flag_safeguarding(submission, moderator=moderator)
    assert mail.outbox == []
    call_command("safeguarding_alerts", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [m.to for m in mail.outbox] == [[CONTACT]]
    assert SafeguardingAlert.objects.get().status == AlertStatus.SENT


# Acknowledgement


@override_settings(VOICES_SAFEGUARDING_EMAILS=[])
def test_a_safeguarding_contact_acknowledges_the_concern_in_the_admin(
    client, moderator, safeguarding_lead, django_capture_on_commit_callbacks
):
    submission = SubmissionFactory()
    _flag(client, moderator, submission, django_capture_on_commit_callbacks)
    page = reverse("voices_admin:moderate", args=[submission.pk])
    # The moderator sees no button and cannot acknowledge.
    assert "I have seen this concern" not in client.get(page).content.decode()
    client.post(reverse("voices_admin:acknowledge", args=[submission.pk]))
    assert not SafeguardingConcern.objects.get().is_acknowledged
    client.force_login(safeguarding_lead)
    assert "I have seen this concern" in client.get(page).content.decode()
    response = client.post(
        reverse("voices_admin:acknowledge", args=[submission.pk]),
        {"note": "Passed to the council."},
    )
    assert response.status_code == 302
    concern = SafeguardingConcern.objects.get()
    assert concern.acknowledged_by == safeguarding_lead
    assert concern.acknowledged_at is not None
    entry = submission.decisions.get(action=Decision.ACKNOWLEDGED)
    assert (entry.actor, entry.reason) == (safeguarding_lead, "Passed to the council.")
    html = client.get(page).content.decode()
    assert "I have seen this concern" not in html
    assert "By Lee Lead," in html  # by name: never the username
    # A second press changes nothing.
    client.post(reverse("voices_admin:acknowledge", args=[submission.pk]))
    assert submission.decisions.filter(action=Decision.ACKNOWLEDGED).count() == 1


# Escalation


@override_settings(
    VOICES_SAFEGUARDING_EMAILS=[CONTACT],
    SAFEGUARDING_ESCALATE_AFTER_MINUTES=60,
    SAFEGUARDING_ESCALATE_TO_ADMINS_AFTER_MINUTES=30,
)
def test_an_unacknowledged_concern_goes_to_the_contacts_again_then_to_administrators(
    moderator, admin_user, django_capture_on_commit_callbacks
):
    submission = SubmissionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.flag_safeguarding(submission, moderator=moderator)
    flagged = SafeguardingConcern.objects.get().flagged_at
    mail.outbox.clear()

    def escalate(minutes):
        with django_capture_on_commit_callbacks(execute=True):
            return safeguarding.escalate_unacknowledged(
                flagged + timedelta(minutes=minutes)
            )

    assert escalate(59) == (0, 0)
    assert mail.outbox == []
    assert escalate(60) == (1, 0)
    assert [m.to for m in mail.outbox] == [[CONTACT]]
    assert mail.outbox[0].subject.startswith("Reminder:")
    assert escalate(75) == (0, 0)  # reminded once only
    assert escalate(89) == (0, 0)
    assert escalate(90) == (0, 1)
    assert [m.to for m in mail.outbox][1:] == [["boss@example.org"]]
    assert "Unacknowledged safeguarding concern" in mail.outbox[1].subject
    assert escalate(500) == (0, 0)
    actions = list(submission.decisions.values_list("action", flat=True))
    assert Decision.REMINDED in actions and Decision.ESCALATED in actions
    kinds = sorted(SafeguardingAlert.objects.values_list("kind", flat=True))
    expected = [AlertKind.FLAGGED, AlertKind.REMINDER, AlertKind.ESCALATION]
    assert kinds == sorted(expected)


@override_settings(VOICES_SAFEGUARDING_EMAILS=[CONTACT])
def test_an_acknowledged_concern_is_not_escalated(
    moderator, safeguarding_lead, admin_user, django_capture_on_commit_callbacks
):
    submission = SubmissionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.flag_safeguarding(submission, moderator=moderator)
    safeguarding.acknowledge_concern(submission, user=safeguarding_lead)
    sent = len(mail.outbox)
    later = timezone.now() + timedelta(days=1)
    assert safeguarding.escalate_unacknowledged(later) == (0, 0)
    assert len(mail.outbox) == sent


# Harm phrases


def test_the_harm_phrases_are_seeded_by_a_migration():
    topics = set(HarmPhrase.objects.values_list("topic", flat=True))
    assert {"abuse", "neglect", "self-harm", "falls", "pressure sores"} <= topics


def test_harm_phrases_match_whole_words_and_endings():
    phrases = ["hit me", "bruis*", "a fall", "self-harm*"]
    assert find_harm_phrases("They HIT  me and I am bruised.", phrases) == [
        "hit me",
        "bruis*",
    ]
    assert find_harm_phrases("She had a fall; self-harming", phrases) == [
        "a fall",
        "self-harm*",
    ]
    assert find_harm_phrases("A white shirt; he hit meatballs", phrases) == []


def test_a_view_matching_a_harm_phrase_is_marked_tagged_and_sorted_first(
    client, moderator
):
    HarmPhrase.objects.create(phrase="left in the dark", topic="neglect")
    first = sharing.receive_submission(sharer_role="family", text="Lovely garden.")
    harm = sharing.receive_submission(
        sharer_role="family", text="Mum was left in the dark and has a pressure sore."
    )
    assert not first.possible_safeguarding
    assert harm.possible_safeguarding
    assert "left in the dark" in harm.harm_phrases_found
    assert "pressure sore*" in harm.harm_phrases_found
    assert harm.decisions.get().action == Decision.POSSIBLE_HARM
    assert list(Submission.objects.awaiting_moderation()) == [harm, first]
    client.force_login(moderator)
    html = client.get(reverse("voices_admin:queue")).content.decode()
    assert html.index(harm.reference) < html.index(first.reference)
    assert html.count("Possible safeguarding</span>") == 1
    page = client.get(reverse("voices_admin:moderate", args=[harm.pk]))
    assert 'id="possible-safeguarding"' in page.content.decode()


def test_a_possible_safeguarding_view_is_never_published_without_a_persons_check(
    client, moderator, theme
):
    harm = sharing.receive_submission(
        sharer_role="family", text="Dad had a fall.", consent_to_publish=True
    )
    with pytest.raises(moderation.ModerationError):
        moderation.approve_submission(
            harm, moderator=moderator, text="Dad had a fall.", themes=[theme]
        )
    client.force_login(moderator)
    url = reverse("voices_admin:moderate", args=[harm.pk])
    data = {"decision": "approve", "text": "Dad had a fall.", "reason": ""}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Tick to confirm it is not a safeguarding concern" in (
        response.content.decode()
    )
    assert not Submission.objects.published().exists()
    response = client.post(url, {**data, "harm_checked": "on"})
    assert response.status_code == 302
    assert Submission.objects.published().get() == harm
    approval = harm.decisions.get(action=Decision.APPROVED)
    assert approval.reason.startswith("Read and checked: not a safeguarding concern")


def test_the_demo_loader_does_not_publish_a_view_matching_a_harm_phrase():
    load_themes()
    load_statements()
    held = Submission.objects.filter(possible_safeguarding=True)
    assert held.exists()
    assert not held.filter(status=Status.APPROVED).exists()
    assert held.filter(status=Status.RECEIVED).count() == held.count()


# What the person who shared is told


def test_withdrawing_a_safeguarding_view_says_its_details_were_kept(client):
    submission = SubmissionFactory(status=Status.SAFEGUARDING)
    ContactFactory(submission=submission)
    response = client.post(
        reverse("voices:withdraw"), {"reference": submission.reference}, follow=True
    )
    html = response.content.decode()
    assert "We have kept what you wrote, and any contact details you gave" in html
    assert "deleted any contact details" not in html
    submission.refresh_from_db()
    assert hasattr(submission, "contact")


def test_withdrawing_an_ordinary_view_says_its_details_were_deleted(client):
    submission = SubmissionFactory(status=Status.APPROVED)
    ContactFactory(submission=submission)
    response = client.post(
        reverse("voices:withdraw"), {"reference": submission.reference}, follow=True
    )
    html = response.content.decode()
    assert "We have deleted any contact details you gave." in html
    assert "We have kept" not in html
    assert not Submission.objects.filter(pk=submission.pk, contact__isnull=False)
