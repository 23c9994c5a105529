import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from cms.voices import references
from cms.voices.models import Submission, SubmissionContact

from .factories import ContactFactory, SubmissionFactory

pytestmark = pytest.mark.django_db


def _raw_contact_row(pk):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, email, phone FROM voices_submissioncontact WHERE id = %s",
            [pk],
        )
        return cursor.fetchone()


def test_contact_details_are_encrypted_in_the_database():
    contact = ContactFactory()
    raw = " ".join(_raw_contact_row(contact.pk))
    assert "edith" not in raw.lower()
    assert "07700" not in raw
    again = SubmissionContact.objects.get(pk=contact.pk)
    assert again.email == "edith.contact@example.org"
    assert again.phone == "07700 900123"


def test_contacts_written_under_an_old_key_still_open_after_rotation():
    with override_settings(SECRET_KEY="old-key-" + "o" * 40):
        contact = ContactFactory()
    with override_settings(
        SECRET_KEY="new-key-" + "n" * 40,
        SECRET_KEY_FALLBACKS=["old-key-" + "o" * 40],
    ):
        assert SubmissionContact.objects.get(pk=contact.pk).name == (
            "Edith Contactperson"
        )
    with override_settings(SECRET_KEY="new-key-" + "n" * 40, SECRET_KEY_FALLBACKS=[]):
        # Once the old key is gone the value is unreadable, never an error.
        assert SubmissionContact.objects.get(pk=contact.pk).name == ""


def test_contact_details_stay_out_of_str_and_repr():
    contact = ContactFactory()
    for text in (
        str(contact),
        repr(contact),
        str(contact.submission),
        repr(contact.submission),
    ):
        assert "edith" not in text.lower()
        assert "cup of tea" not in text


def _age(contact, days):
    SubmissionContact.objects.filter(pk=contact.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )


@override_settings(VOICES_CONTACT_RETENTION_DAYS=180)
def test_purge_deletes_contact_details_older_than_the_retention_period_only():
    old = ContactFactory()
    _age(old, 181)
    recent = ContactFactory()
    _age(recent, 179)
    out = StringIO()
    call_command("purge_voice_contacts", stdout=out)
    assert "Deleted 1 contact details older than 180 days" in out.getvalue()
    assert not SubmissionContact.objects.filter(pk=old.pk).exists()
    assert SubmissionContact.objects.filter(pk=recent.pk).exists()
    # The view itself is kept; only the contact details go.
    assert Submission.objects.filter(pk=old.submission_id).exists()


@override_settings(VOICES_CONTACT_RETENTION_DAYS=30)
def test_purge_follows_the_setting_and_the_days_option():
    contact = ContactFactory()
    _age(contact, 31)
    call_command("purge_voice_contacts", "--days", "60", stdout=StringIO())
    assert SubmissionContact.objects.filter(pk=contact.pk).exists()
    call_command("purge_voice_contacts", stdout=StringIO())
    assert not SubmissionContact.objects.filter(pk=contact.pk).exists()


def test_reference_codes_are_short_readable_and_unguessable():
    codes = {references.new_reference() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert re.fullmatch(r"[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}", code)


def test_a_typed_reference_is_normalised():
    assert references.normalise(" k7qm 3rtx ") == "K7QM-3RTX"
    assert references.normalise("K7QM3RTX") == "K7QM-3RTX"


def test_every_submission_gets_a_unique_reference():
    first, second = SubmissionFactory(), SubmissionFactory()
    assert first.reference != second.reference
