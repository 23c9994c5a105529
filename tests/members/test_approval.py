"""The moderators' approval queue and the two decisions."""

import pytest
from django.core import mail

from ehch import roles
from ehch.accounts.membership import DecisionError, approve_member, reject_member
from ehch.accounts.models import Status

from .factories import MemberProfileFactory, approved_member, editor, moderator

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator_client(client, roles_ready):
    client.force_login(moderator())
    return client


def test_queue_lists_only_pending_members_oldest_first(moderator_client):
    first = MemberProfileFactory(display_name="First Applicant")
    second = MemberProfileFactory(display_name="Second Applicant")
    approved_member()
    response = moderator_client.get("/admin/members/pending/")
    content = response.content.decode()
    assert response.status_code == 200
    assert content.index(first.display_name) < content.index(second.display_name)
    assert content.count("Approve ") == 2


def test_an_editor_cannot_see_or_use_the_queue(client, roles_ready):
    profile = MemberProfileFactory()
    client.force_login(editor())
    assert client.get("/admin/members/pending/").status_code == 403
    assert client.post(f"/admin/members/{profile.pk}/approve/").status_code == 403
    profile.refresh_from_db()
    assert profile.status == Status.PENDING


def test_rejecting_needs_a_reason_and_emails_it(
    moderator_client, django_capture_on_commit_callbacks
):
    profile = MemberProfileFactory()
    response = moderator_client.post(f"/admin/members/{profile.pk}/reject/", {})
    assert response.status_code == 200
    assert b"Enter a reason" in response.content
    with django_capture_on_commit_callbacks(execute=True):
        response = moderator_client.post(
            f"/admin/members/{profile.pk}/reject/",
            {"reason": "We could not confirm you work in a care setting & more."},
        )
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.status == Status.REJECTED
    assert profile.rejection_reason.startswith("We could not confirm")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [profile.user.email]
    # Plain-text email: no HTML escaping of the moderator's words.
    assert "care setting & more." in mail.outbox[0].body
    assert not roles.is_approved_member(profile.user)


def test_a_decision_cannot_be_made_twice(roles_ready):
    profile = MemberProfileFactory()
    by = moderator()
    approve_member(profile, by)
    with pytest.raises(DecisionError):
        reject_member(profile, by, "changed my mind")
    profile.refresh_from_db()
    assert profile.status == Status.APPROVED


def test_approving_an_already_decided_member_shows_a_message_not_an_error(
    moderator_client,
):
    profile = MemberProfileFactory()
    moderator_client.post(f"/admin/members/{profile.pk}/approve/")
    response = moderator_client.post(
        f"/admin/members/{profile.pk}/approve/", follow=True
    )
    assert response.status_code == 200
    assert b"already been" in response.content


def test_the_queue_answers_get_on_approve_with_405(moderator_client):
    profile = MemberProfileFactory()
    assert (
        moderator_client.get(f"/admin/members/{profile.pk}/approve/").status_code == 405
    )


def test_approval_is_one_transaction(roles_ready, monkeypatch):
    profile = MemberProfileFactory()
    by = moderator()

    class BrokenGroups:
        class objects:  # noqa: N801 - stands in for Group.objects
            @staticmethod
            def get_or_create(**kwargs):
                raise RuntimeError("database went away")

    monkeypatch.setattr("ehch.accounts.membership.Group", BrokenGroups)
    with pytest.raises(RuntimeError):
        approve_member(profile, by)
    profile.refresh_from_db()
    assert profile.status == Status.PENDING
    assert profile.decided_at is None
