"""An area shares its own case study: the form, the workflow and the news back."""

from __future__ import annotations

import logging

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import WorkflowPage

from casestudies.checks import shared_case_studies_reach_editors
from casestudies.models import CaseStudyPage, CaseStudySubmission
from ehch import roles
from tests.casestudies.sharing_helpers import (
    SHARE_URL,
    make_user,
    share_data,
    shared_site,
    workflow_action,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    return shared_site()


@pytest.fixture
def member():
    return make_user("member")


@pytest.fixture
def moderator():
    return make_user("moderator", roles.MODERATORS)


def _share(client, member, **fields):
    client.force_login(member)
    response = client.post(SHARE_URL, share_data(**fields))
    assert response.status_code == 302, response.content.decode()[:3000]
    return response, CaseStudySubmission.objects.get()


def test_a_visitor_is_asked_to_sign_in_and_a_pending_account_is_told_why(client, site):
    response = client.get(SHARE_URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    client.force_login(make_user("waiting", group=None))
    response = client.get(SHARE_URL)
    assert response.status_code == 403
    assert "not approved your account yet" in response.content.decode()
    response = client.post(SHARE_URL, share_data())
    assert response.status_code == 403
    assert not CaseStudyPage.objects.exists()


def test_an_approved_member_gets_the_form_without_javascript(client, site, member):
    client.force_login(member)
    response = client.get(SHARE_URL)
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        'name="title"',
        'name="how_they_started"',
        'name="outcomes-0-measure_term"',
        'name="sources-0-url"',
        'name="add-outcome"',
        'name="contact_consent"',
        'name="confirm"',
    ):
        assert text in html
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_sharing_makes_a_draft_in_the_editors_workflow(client, site, member, moderator):
    _, index = site
    mail.outbox.clear()
    response, submission = _share(client, member)
    page = submission.page.specific
    assert response["Location"] == f"{SHARE_URL}{submission.pk}/"
    assert page.get_parent().pk == index.pk
    assert not page.live and page.first_published_at is None
    assert page.provenance == "submitted"
    assert page.owner == member and submission.submitter == member
    assert page.slug == "how-ashford-began-with-four-homes"
    assert [term.slug for term in page.approach.all()] == ["bottom-up"]
    # The story became narrative sections, with what was typed escaped.
    blocks = {block.block_type: block.value.source for block in page.narrative}
    assert blocks["how_they_started"] == (
        "<p>Two practices asked four homes.</p><p>Then we met monthly.</p>"
    )
    assert "&lt;script&gt;" in blocks["what_they_did"]
    # One result (the empty row skipped) and one source.
    outcome = page.outcomes.get()
    assert (outcome.baseline_value, outcome.latest_period) == (40, "2023")
    assert page.sources.get().url == "https://example.org/paper"
    state = page.current_workflow_state
    assert state.status == "in_progress" and state.requested_by == member
    # Wagtail tells the moderators, as for any page sent for review.
    assert any("moderator@example.org" in m.to for m in mail.outbox)
    status = client.get(response["Location"]).content.decode()
    assert "With the editors" in status
    assert "How Ashford began with four homes" in client.get(SHARE_URL).content.decode()


def test_an_editor_sending_it_back_tells_the_author_who_changes_and_resends(
    client, site, member, moderator, django_capture_on_commit_callbacks
):
    _, submission = _share(client, member)
    page = submission.page
    client.force_login(moderator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow_action(client, page, "reject", comment="Please add the period.")
    to_author = [m for m in mail.outbox if member.email in m.to]
    # Only the site's own email: Wagtail's leads into an admin they cannot open.
    assert len(to_author) == 1
    message = to_author[0]
    assert "asked for changes" in message.subject
    assert "Please add the period." in message.body
    change_url = f"{SHARE_URL}{submission.pk}/change/"
    assert change_url in message.body
    assert "/admin/" not in message.body

    client.force_login(member)
    status = client.get(f"{SHARE_URL}{submission.pk}/").content.decode()
    assert "Editors have asked for changes" in status
    assert "Please add the period." in status
    form = client.get(change_url)
    assert form.status_code == 200
    assert "How Ashford began with four homes" in form.content.decode()
    assert "Two practices asked four homes." in form.content.decode()
    assert "Emergency admissions from the four homes" in form.content.decode()
    response = client.post(
        change_url, share_data(summary="Two practices and four homes, from 2022.")
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.current_workflow_state.status == "in_progress"
    draft = page.get_latest_revision_as_object()
    assert draft.summary == "Two practices and four homes, from 2022."
    assert draft.outcomes.count() == 1
    assert CaseStudyPage.objects.count() == 1
    submission.refresh_from_db()
    assert submission.resubmitted_at is not None
    # While the editors have it, it cannot be changed.
    response = client.post(change_url, share_data(summary="Sneaked in."))
    assert response.status_code == 302
    assert page.get_latest_revision_as_object().summary != "Sneaked in."


def test_publishing_tells_the_author_once(
    client, site, member, moderator, django_capture_on_commit_callbacks
):
    _, submission = _share(client, member)
    page = submission.page
    client.force_login(moderator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert workflow_action(client, page, "approve").status_code == 302
    page.refresh_from_db()
    assert page.live
    told = [m for m in mail.outbox if member.email in m.to]
    assert len(told) == 1
    assert told[0].subject == "Your case study is published"
    assert page.url in told[0].body
    # Publishing again (an editor's correction) sends nothing more.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        page.specific.save_revision(user=moderator).publish(user=moderator)
    assert not [m for m in mail.outbox if member.email in m.to]
    client.logout()
    html = client.get(page.url).content.decode()
    assert "Submitted by the area" in html
    client.force_login(member)
    assert "Published" in client.get(f"{SHARE_URL}{submission.pk}/").content.decode()


def test_errors_are_listed_and_nothing_is_saved(client, site, member):
    client.force_login(member)
    data = share_data(
        outcomes=[
            {
                "measure": "Falls",
                "method": "matched-comparison",
                "effect_percent": "-18",
            }
        ],
        title="",
        confirm="",
        contact_name="Sam Patel",
    )
    response = client.post(SHARE_URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and "Nothing has been sent yet" in html
    assert 'href="#id_title"' in html
    assert "Result 1: Say what period the effect covers" in html
    assert "Tick this only if the person agreed" in html
    assert "Confirm that you may share this" in html
    assert not CaseStudyPage.objects.exists()
    assert not CaseStudySubmission.objects.exists()


def test_add_another_row_keeps_what_was_typed_and_shows_no_errors(client, site, member):
    client.force_login(member)
    data = share_data(title="", confirm="")
    data["add-outcome"] = "1"
    response = client.post(SHARE_URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" not in html
    assert 'name="outcomes-TOTAL_FORMS" value="3"' in html
    assert "Emergency admissions from the four homes" in html
    assert "Two practices asked four homes." in html
    assert "checked" in html.split('name="approach"', 1)[1][:200]
    assert not CaseStudyPage.objects.exists()


@pytest.mark.parametrize("total", ["²", "-4", "abc", "99999999999999"])
def test_bad_row_counts_get_a_message_not_a_crash(client, site, member, total):
    client.force_login(member)
    data = share_data()
    data["outcomes-TOTAL_FORMS"] = total
    response = client.post(SHARE_URL, data)
    assert response.status_code in (302, 400)
    data["add-outcome"] = "1"
    assert client.post(SHARE_URL, data).status_code == 200


@pytest.mark.parametrize("number", ["²", "0", "abc", "99999999999999999999"])
def test_someone_elses_or_a_missing_submission_is_not_found(
    client, site, member, number
):
    _, submission = _share(client, member)
    client.force_login(make_user("other"))
    assert client.get(f"{SHARE_URL}{submission.pk}/").status_code == 404
    assert client.get(f"{SHARE_URL}{submission.pk}/change/").status_code == 404
    assert client.get(f"{SHARE_URL}{number}/").status_code == 404


def test_with_no_workflow_the_author_is_told_and_the_check_warns(
    client, site, member, moderator, caplog
):
    # Wagtail's own default workflow sits on the root page: remove both.
    WorkflowPage.objects.all().delete()
    warnings = shared_case_studies_reach_editors()
    assert [w.id for w in warnings] == ["casestudies.W001"]
    assert "no moderation workflow" in warnings[0].msg
    client.force_login(member)
    with caplog.at_level(logging.ERROR, logger="casestudies.sharing"):
        response = client.post(SHARE_URL, share_data(), follow=True)
    html = response.content.decode()
    assert "no editor can be told about it" in html
    assert "Saved as a draft for the editors" in html
    assert "no workflow covers the case-study index" in caplog.text
    page = CaseStudySubmission.objects.get().page
    assert not page.live


def test_the_check_warns_when_no_moderator_has_an_address(site):
    warnings = shared_case_studies_reach_editors()
    assert "no active moderator has an email address" in warnings[0].msg
    make_user("moderator", roles.MODERATORS)
    assert shared_case_studies_reach_editors() == []
    with pytest.raises(SystemCheckError):
        WorkflowPage.objects.all().delete()
        call_command("check", fail_level="WARNING")


def test_a_member_shares_at_most_the_daily_limit(client, site, member, settings):
    settings.CASE_STUDY_SHARE_RATE_LIMIT = 1
    client.force_login(member)
    assert client.post(SHARE_URL, share_data()).status_code == 302
    response = client.post(SHARE_URL, share_data(title="A second one"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "the most one member can in a day" in html
    assert "A second one" in html  # what they typed is still there
    assert CaseStudySubmission.objects.count() == 1


def test_the_share_page_does_not_query_more_for_more_shared_case_studies(
    client, site, member
):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(SHARE_URL).status_code == 200
        return len(queries)

    client.force_login(member)
    client.post(SHARE_URL, share_data(title="First"))
    count()  # the first request fills per-process caches
    one = count()
    for n in range(3):
        client.post(SHARE_URL, share_data(title=f"Another {n}"))
    assert CaseStudySubmission.objects.count() == 4
    assert count() == one
