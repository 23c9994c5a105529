"""The synthetic statements generator: approved, illustrative, searchable, removable."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from cms.voices import synthetic
from cms.voices.models import Decision, Status, Submission
from search.models import IndexEntry

from .factories import SubmissionFactory

pytestmark = pytest.mark.django_db


def _synthetic():
    return Submission.objects.filter(text__startswith=synthetic.TEXT_PREFIX)


def test_generate_makes_approved_illustrative_published_statements(theme, other_theme):
    call_command("generate_statements", count=25, seed=4, verbosity=0)
    statements = _synthetic()
    assert statements.count() == 25
    assert statements.published().count() == 25
    assert set(statements.values_list("illustrative", flat=True)) == {True}
    assert set(statements.values_list("status", flat=True)) == {Status.APPROVED}
    assert len(set(statements.values_list("reference", flat=True))) == 25
    for statement in statements.prefetch_related("themes", "decisions"):
        assert statement.themes.all()
        assert statement.original_text == statement.text
        assert [d.action for d in statement.decisions.all()] == [Decision.APPROVED]


def test_generated_statements_are_indexed_and_shown_under_their_theme(
    client, theme, other_theme
):
    call_command("generate_statements", count=10, seed=4, verbosity=0)
    keys = {f"statement:{pk}" for pk in _synthetic().values_list("pk", flat=True)}
    assert IndexEntry.objects.filter(key__in=keys, deleted=False).count() == 10
    statement = _synthetic().filter(themes=theme).first()
    response = client.get(theme.get_absolute_url())
    assert response.status_code == 200
    assert statement.text in response.content.decode()


def test_remove_deletes_only_synthetic_statements_and_their_index_entries(
    theme, other_theme
):
    real = SubmissionFactory(status=Status.APPROVED, themes=[theme])
    call_command("generate_statements", count=15, seed=2, verbosity=0)
    call_command("generate_statements", remove=True, verbosity=0)
    assert list(Submission.objects.all()) == [real]
    assert (
        not IndexEntry.objects.filter(kind="statement", deleted=False)
        .exclude(object_id=real.pk)
        .exists()
    )


def test_generate_without_themes_is_refused_with_a_message(db):
    with pytest.raises(CommandError, match="themes"):
        call_command("generate_statements", count=3, verbosity=0)
    assert not Submission.objects.exists()
