"""The editorial workflow, walked through Wagtail's admin views."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, Page, Revision, Workflow, WorkflowPage
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from cms.editorial import TASK_NAME, WORKFLOW_NAME, setup_editorial
from cms.models import GuidancePage
from cms.site_address import sync_default_site
from ehch import roles
from tests.cms.factories import build_cms_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def site():
    home, guidance, leadership = build_cms_site()
    setup_editorial(home)
    # As every migrate does in production: the Site record is on SITE_URL, so
    # Wagtail's own emails link to the site's address.
    sync_default_site()
    return home, guidance


def _user(name, group):
    user = get_user_model().objects.create_user(
        username=name, email=f"{name}@example.org", password="x" * 12
    )
    user.groups.add(roles.ensure_groups()[group])
    return user


@pytest.fixture
def editor():
    return _user("editor", roles.EDITORS)


@pytest.fixture
def moderator():
    return _user("moderator", roles.MODERATORS)


def _form(title, slug, **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": f"A summary of {title}.",
            "body": streamfield(
                [("paragraph", rich_text(f"<p>The body of {title}.</p>"))]
            ),
            "comments": {
                "TOTAL_FORMS": 0,
                "INITIAL_FORMS": 0,
                "MIN_NUM_FORMS": 0,
                "MAX_NUM_FORMS": 1000,
            },
            **extra,
        }
    )


def _submit_draft(
    client, guidance, title="Working with GPs", slug="working-with-gps", **extra
):
    url = reverse("wagtailadmin_pages:add", args=("cms", "guidancepage", guidance.pk))
    data = _form(title, slug, **extra)
    data["action-submit"] = "Submit to Moderator approval"
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    return GuidancePage.objects.get(slug=slug)


def _workflow_action(client, page, action, comment=""):
    task_state = page.current_workflow_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk)
    )
    return client.post(url, {"comment": comment})


def test_setup_editorial_is_idempotent_and_assigns_the_workflow_to_home(site):
    home, _guidance = site
    counts = (GroupPagePermission.objects.count(), Workflow.objects.count())
    call_command("setup_editorial", verbosity=0)
    call_command("setup_editorial", verbosity=0)
    assert (GroupPagePermission.objects.count(), Workflow.objects.count()) == counts
    workflow = WorkflowPage.objects.get(page=home).workflow
    assert workflow.name == WORKFLOW_NAME
    task = workflow.tasks.get().specific
    assert task.name == TASK_NAME
    assert list(task.groups.values_list("name", flat=True)) == [roles.MODERATORS]


def test_editors_may_add_and_change_but_not_publish(site, editor, moderator):
    home, guidance = site
    assert guidance.permissions_for_user(editor).can_add_subpage()
    assert not guidance.permissions_for_user(editor).can_publish()
    assert guidance.permissions_for_user(moderator).can_publish()


def test_anonymous_visitors_cannot_reach_the_admin(client, site):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_an_editors_submitted_draft_is_not_public(client, site, editor):
    _home, guidance = site
    client.force_login(editor)
    page = _submit_draft(client, guidance)
    assert not page.live
    assert page.workflow_in_progress
    client.logout()
    assert client.get("/guidance/working-with-gps/").status_code == 404
    assert "Working with GPs" not in client.get("/guidance/").content.decode()


def test_an_editor_cannot_publish_or_approve(client, site, editor):
    _home, guidance = site
    client.force_login(editor)
    page = _submit_draft(client, guidance)
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    data = _form(page.title, page.slug)
    data["action-publish"] = "Publish"
    client.post(edit_url, data)
    page.refresh_from_db()
    assert not page.live
    response = _workflow_action(client, page, "approve")
    assert response.status_code in (302, 403)  # Wagtail redirects with a message
    assert response.status_code == 403 or response["Location"] == "/admin/"
    page.refresh_from_db()
    assert not page.live


def test_a_moderator_approval_publishes_to_the_index_and_the_feed(
    client, site, editor, moderator
):
    _home, guidance = site
    client.force_login(editor)
    page = _submit_draft(client, guidance)
    client.force_login(moderator)
    response = _workflow_action(client, page, "approve", comment="Looks good")
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    assert not page.workflow_in_progress
    client.logout()
    assert client.get("/guidance/working-with-gps/").status_code == 200
    assert "Working with GPs" in client.get("/guidance/").content.decode()
    feed = client.get("/feeds/latest/").content.decode()
    assert "Working with GPs" in feed
    assert "/guidance/working-with-gps/" in feed


def test_a_moderator_can_request_changes_with_a_comment(
    client, site, editor, moderator
):
    _home, guidance = site
    client.force_login(editor)
    page = _submit_draft(client, guidance)
    task_state = page.current_workflow_task_state
    client.force_login(moderator)
    _workflow_action(client, page, "reject", comment="Please add a source.")
    page.refresh_from_db()
    task_state.refresh_from_db()
    assert not page.live
    assert task_state.status == "rejected"
    assert task_state.comment == "Please add a source."
    assert page.current_workflow_state.status == "needs_changes"


def test_revision_history_is_kept_and_comparable(client, site, editor):
    _home, guidance = site
    client.force_login(editor)
    add_url = reverse(
        "wagtailadmin_pages:add", args=("cms", "guidancepage", guidance.pk)
    )
    client.post(add_url, _form("Working with GPs", "working-with-gps"))
    page = GuidancePage.objects.get(slug="working-with-gps")
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    client.post(edit_url, _form("Working with GPs, revised", page.slug))
    revisions = list(page.revisions.order_by("created_at"))
    assert len(revisions) == 2
    compare = reverse(
        "wagtailadmin_pages:revisions_compare",
        args=(page.pk, revisions[0].pk, revisions[1].pk),
    )
    response = client.get(compare)
    assert response.status_code == 200
    assert "revised" in response.content.decode()


def test_a_scheduled_page_goes_live_only_when_publish_scheduled_runs(
    client, site, editor, moderator
):
    _home, guidance = site
    client.force_login(editor)
    go_live = timezone.now() + timedelta(days=2)
    page = _submit_draft(
        client,
        guidance,
        title="Scheduled guidance",
        slug="scheduled-guidance",
        go_live_at=go_live.strftime("%Y-%m-%d %H:%M"),
    )
    client.force_login(moderator)
    _workflow_action(client, page, "approve")
    page.refresh_from_db()
    assert not page.live
    scheduled = Revision.page_revisions.filter(
        object_id=str(page.pk), approved_go_live_at__isnull=False
    )
    assert scheduled.count() == 1
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live  # the date has not come yet
    # Let the time come: move the approved date (and the revision's copy) into the past.
    past = timezone.now() - timedelta(minutes=1)
    revision = scheduled.get()
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    Page.objects.filter(pk=page.pk).update(go_live_at=past)
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live


def test_an_expired_page_is_unpublished_by_publish_scheduled(site):
    _home, guidance = site
    page = GuidancePage(
        title="Old",
        slug="old",
        summary="Old.",
        body=[{"type": "paragraph", "value": "<p>Old</p>"}],
        expire_at=timezone.now() - timedelta(minutes=1),
    )
    guidance.add_child(instance=page)
    page.save_revision().publish()
    Page.objects.filter(pk=page.pk).update(live=True)
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live and page.expired


def _add_url(guidance):
    return reverse("wagtailadmin_pages:add", args=("cms", "guidancepage", guidance.pk))


def _body_errors(response) -> str:
    """The body field's errors, including those of its blocks."""
    import json

    errors = response.context["form"].errors.as_data().get("body", [])
    return " ".join(
        json.dumps(e.as_json_data()) if hasattr(e, "as_json_data") else str(e)
        for e in errors
    )


@pytest.mark.parametrize(
    "body_value",
    [
        "",  # sent before Draftail copied its content into the hidden input
        "   ",
        "not the editor's JSON",
    ],
)
def test_a_paragraph_the_browser_sent_blank_or_garbled_is_refused_not_a_500(
    client, site, editor, body_value
):
    _home, guidance = site
    client.force_login(editor)
    data = _form("Blank body", "blank-body")
    data["body-0-value"] = body_value
    data["action-submit"] = "Submit to Moderator approval"
    response = client.post(_add_url(guidance), data)
    assert response.status_code == 200
    assert _body_errors(response)
    assert not GuidancePage.objects.filter(slug="blank-body").exists()


def test_an_empty_paragraph_may_be_saved_as_a_draft_but_not_submitted(
    client, site, editor, moderator
):
    from cms.blocks import EMPTY_BLOCK_MESSAGE

    _home, guidance = site
    client.force_login(editor)
    empty = _form("Empty paragraph", "empty-paragraph")
    empty["body-0-value"] = rich_text("<p></p>")
    submitted = client.post(_add_url(guidance), {**empty, "action-submit": "Submit"})
    assert submitted.status_code == 200
    assert EMPTY_BLOCK_MESSAGE in _body_errors(submitted)
    assert not GuidancePage.objects.filter(slug="empty-paragraph").exists()

    # A draft may be incomplete (Wagtail defers required checks on save)...
    saved = client.post(_add_url(guidance), empty)
    assert saved.status_code == 302
    page = GuidancePage.objects.get(slug="empty-paragraph")
    assert not page.live and not page.workflow_in_progress
    # ...but submitting it for approval asks for the paragraph first.
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    resubmitted = client.post(edit_url, {**empty, "action-submit": "Submit"})
    assert resubmitted.status_code == 200
    assert EMPTY_BLOCK_MESSAGE in _body_errors(resubmitted)
    page.refresh_from_db()
    assert not page.workflow_in_progress

    # Written, it goes through, and a moderator's approval publishes it.
    filled = {**empty, "body-0-value": rich_text("<p>Now it says something.</p>")}
    assert (
        client.post(edit_url, {**filled, "action-submit": "Submit"}).status_code == 302
    )
    page.refresh_from_db()
    assert page.workflow_in_progress
    client.force_login(moderator)
    assert _workflow_action(client, page, "approve").status_code == 302
    page.refresh_from_db()
    assert page.live


def test_blank_rich_text_is_recognised():
    from cms.sanitise import is_blank_rich_text

    for blank in ("", "<p></p>", "<p><br/></p>", "<p>&nbsp; </p>", "<h2> </h2>"):
        assert is_blank_rich_text(blank), blank
    for written in ("<p>x</p>", "<ul><li>One</li></ul>", '<p><a href="/">Go</a></p>'):
        assert not is_blank_rich_text(written), written
