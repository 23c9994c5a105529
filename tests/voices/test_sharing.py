import pytest
from django.test import override_settings
from django.urls import reverse

from cms.voices.models import Channel, Status, Submission, SubmissionContact

from .factories import ContactFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

SHARE = "/what-good-looks-like/share/"


def _form(theme=None, **extra):
    data = {
        "sharer_role": "resident",
        "text": "Good care is when they know how I like my tea.",
        "consent_to_publish": "on",
        "region": "",
        "contact_name": "",
        "contact_email": "",
        "contact_phone": "",
        "website": "",
    }
    if theme is not None:
        data["themes"] = [theme.pk]
    data.update(extra)
    return data


def test_the_share_form_has_labels_hints_fieldsets_and_pictures(client, theme):
    html = client.get(SHARE).content.decode()
    legend = 'nhsuk-fieldset__legend nhsuk-fieldset__legend--m">Who is sharing?'
    assert legend in html
    assert "What is it about? (optional)" in html
    assert 'class="voices-symbol"' in html  # the picture beside the theme
    assert 'for="id_themes_0"' in html and "Being listened to" in html
    assert 'class="voices-hp"' in html  # the honeypot is hidden from people
    assert "<script" not in html.split("<main", 1)[1]
    assert 'style="' not in html


def test_sharing_a_view_saves_it_for_moderation_and_shows_the_reference(client, theme):
    response = client.post(
        SHARE,
        _form(theme, contact_email="me@example.org", contact_name="Edith"),
    )
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.status == Status.RECEIVED
    assert submission.original_text == submission.text
    assert list(submission.themes.all()) == [theme]
    assert submission.channel == Channel.WEB
    assert submission.contact.email == "me@example.org"
    done = client.get(response["Location"])
    assert submission.reference in done.content.decode()


def test_a_staff_member_recording_a_residents_words_must_say_so(client):
    response = client.post(SHARE, _form(sharer_role="staff"))
    assert response.status_code == 200
    assert "Tick the box to say these are the resident" in response.content.decode()
    assert not Submission.objects.exists()
    client.post(SHARE, _form(sharer_role="staff", on_behalf_confirmed="on"))
    submission = Submission.objects.get()
    assert submission.recorded_on_behalf
    assert submission.recorded_by == "staff"
    assert submission.channel == Channel.ASSISTED


def test_a_missing_view_shows_the_error_summary_and_keeps_what_was_typed(client):
    response = client.post(
        SHARE, _form(text="", contact_name="Edith", sharer_role="family")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert 'href="#id_text"' in html
    assert 'value="Edith"' in html
    assert html.startswith("<!DOCTYPE html>") and "<title>Error: " in html


def test_nonsense_input_never_causes_a_server_error(client):
    response = client.post(
        SHARE,
        {
            "sharer_role": "king",
            "themes": ["x", "99999"],
            "region": "abc",
            "text": "x" * 5000,
        },
    )
    assert response.status_code == 200
    assert not Submission.objects.exists()


def test_the_honeypot_rejects_with_a_clear_message_and_keeps_the_words(client):
    response = client.post(SHARE, _form(website="http://spam.example"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Leave this box empty" in html and "must be empty" in html
    assert "Good care is when they know how I like my tea." in html
    assert not Submission.objects.exists()
    # The box is shown again so a person can clear it and send.
    assert 'class="voices-hp"' not in html
    client.post(SHARE, _form())
    assert Submission.objects.count() == 1


@override_settings(VOICES_SHARE_RATE_LIMIT=2)
def test_the_rate_limit_rejects_with_a_clear_message_and_keeps_the_words(client):
    for number in range(2):
        assert client.post(SHARE, _form(text=f"View {number}")).status_code == 302
    response = client.post(SHARE, _form(text="My third view, please keep it."))
    html = response.content.decode()
    assert response.status_code == 429
    assert "Please wait" in html and "Your words" in html
    assert "My third view, please keep it." in html
    assert Submission.objects.count() == 2


@override_settings(VOICES_SHARE_RATE_LIMIT=1)
def test_the_rate_limit_is_per_address(client):
    client.post(SHARE, _form(), REMOTE_ADDR="10.0.0.1")
    assert client.post(SHARE, _form(), REMOTE_ADDR="10.0.0.1").status_code == 429
    assert client.post(SHARE, _form(), REMOTE_ADDR="10.0.0.2").status_code == 302


@override_settings(VOICES_SHARE_RATE_LIMIT=1)
def test_form_errors_do_not_use_up_the_rate_limit(client):
    for _ in range(3):
        client.post(SHARE, _form(text=""))
    assert client.post(SHARE, _form()).status_code == 302


def test_withdrawing_with_the_reference_code_takes_the_view_down(client, theme):
    submission = SubmissionFactory(status=Status.APPROVED, themes=[theme])
    ContactFactory(submission=submission)
    typed = submission.reference.lower().replace("-", " ")
    response = client.post(reverse("voices:withdraw"), {"reference": typed})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Status.WITHDRAWN
    assert not SubmissionContact.objects.filter(submission=submission).exists()
    assert submission.decisions.get().actor is None


def test_an_unknown_reference_code_gets_a_plain_message(client):
    response = client.post(reverse("voices:withdraw"), {"reference": "AAAA-BBBB"})
    assert "We could not find that code" in response.content.decode()
    response = client.post(reverse("voices:withdraw"), {"reference": "12"})
    assert "Enter the code with 8 letters and numbers" in response.content.decode()


def test_guessing_reference_codes_is_rate_limited(client):
    for _ in range(10):
        client.post(reverse("voices:withdraw"), {"reference": "AAAA-BBBB"})
    response = client.post(reverse("voices:withdraw"), {"reference": "AAAA-BBBB"})
    assert response.status_code == 429
