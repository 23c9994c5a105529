"""The identifiable original of an edited view is deleted after its retention."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from cms.voices.models import ModerationDecision, Submission
from cms.voices.moderation import approve_submission, reject_submission
from cms.voices.retention import purge_redacted_originals

from .factories import SubmissionFactory

pytestmark = pytest.mark.django_db

ORIGINAL = "Mrs Patel at Rosebank House fell on Tuesday and nobody came."
EDITED = "A resident fell and nobody came."


def _edited_view(moderator, days_ago: int) -> Submission:
    view = SubmissionFactory(text=ORIGINAL, original_text=ORIGINAL)
    approve_submission(view, moderator=moderator, text=EDITED, themes=[])
    ModerationDecision.objects.filter(submission=view).update(
        created_at=timezone.now() - timedelta(days=days_ago)
    )
    return view


def _stored_words(view: Submission) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT text, original_text FROM voices_submission WHERE id = %s",
            [view.pk],
        )
        return " ".join(cursor.fetchone())


@override_settings(VOICES_ORIGINAL_RETENTION_DAYS=180)
def test_the_original_of_an_edited_view_goes_after_the_retention_period(moderator):
    old = _edited_view(moderator, days_ago=181)
    recent = _edited_view(moderator, days_ago=179)
    out = StringIO()
    call_command("purge_voice_contacts", stdout=out)
    assert "original words of 1 edited views decided over 180 days ago" in (
        out.getvalue()
    )
    assert "Rosebank" not in _stored_words(old)
    old.refresh_from_db()
    assert old.original_text == old.text == EDITED
    assert old.is_published  # the statement itself stays
    recent.refresh_from_db()
    assert recent.original_text == ORIGINAL


def test_views_not_yet_decided_or_never_edited_keep_their_words(moderator):
    waiting = SubmissionFactory(text=EDITED, original_text=ORIGINAL)
    Submission.objects.filter(pk=waiting.pk).update(
        created_at=timezone.now() - timedelta(days=400)
    )
    unedited = SubmissionFactory(text=ORIGINAL, original_text=ORIGINAL)
    reject_submission(unedited, moderator=moderator, reason="Names a resident")
    ModerationDecision.objects.filter(submission=unedited).update(
        created_at=timezone.now() - timedelta(days=400)
    )
    assert purge_redacted_originals(180) == (180, 0)
    waiting.refresh_from_db()
    assert waiting.original_text == ORIGINAL


@override_settings(VOICES_ORIGINAL_RETENTION_DAYS=30)
def test_the_original_days_option_overrides_the_setting(moderator):
    view = _edited_view(moderator, days_ago=31)
    call_command("purge_voice_contacts", "--original-days", "60", stdout=StringIO())
    view.refresh_from_db()
    assert view.original_text == ORIGINAL
    call_command("purge_voice_contacts", stdout=StringIO())
    view.refresh_from_db()
    assert view.original_text == EDITED


def test_a_negative_retention_period_is_refused():
    with pytest.raises(ValueError, match="cannot be negative"):
        purge_redacted_originals(-1)
