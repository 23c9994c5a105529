"""The journeys people make through the site, in a real browser (Chromium).

Everything a visitor or member does is driven through the browser. Moderators
also work in the browser (the Wagtail admin queues and machina's queue);
the one exception is named in the editor's journey below.
"""

from __future__ import annotations

import re

from django.core import mail
from django.urls import reverse
from machina.core.db.models import get_model
from playwright.sync_api import expect

from cms.models import GuidanceIndexPage, GuidancePage
from cms.voices.models import Submission
from tests.members.factories import PASSWORD, editor, moderator

from .drivers import MouseDriver
from .journeys import (
    SIGN_UP,
    filter_open_and_compare_case_studies,
    share_a_view_as_a_family_member,
    sign_up,
)

Forum = get_model("forum", "Forum")
Post = get_model("forum_conversation", "Post")


def sign_in(page, email: str, password: str = PASSWORD) -> None:
    """Sign in through the site's own sign-in form."""
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()
    # An unverified address is sent to confirm-email instead of signed in.
    for refused in ("/accounts/login/", "/accounts/confirm-email/"):
        assert refused not in page.url, f"sign-in failed: {page.url}"


def test_a_visitor_filters_case_studies_opens_one_and_compares_two(page):
    filter_open_and_compare_case_studies(MouseDriver(page))


def test_a_new_member_signs_up_is_approved_posts_and_is_moderated_into_search(
    page, new_tab
):
    sign_up(MouseDriver(page))
    expect(page.locator("main")).to_contain_text("email")

    # The link in the verification email confirms the address; moderators
    # are told of the application.
    to_member = [m for m in mail.outbox if m.to == [SIGN_UP["email"]]]
    assert len(to_member) == 1
    assert any(m.subject.startswith("New member application") for m in mail.outbox)
    link = re.search(r"https?://\S+/confirm-email/\S+/", to_member[0].body)[0]
    page.goto(link)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    sign_in(page, SIGN_UP["email"], SIGN_UP["password1"])

    # A moderator approves the application in the Wagtail admin queue.
    mod = new_tab()
    sign_in(mod, moderator().email)
    mod.goto("/admin/members/pending/")
    with mod.expect_navigation():
        mod.get_by_role("button", name="Approve Priya Shah").click()
    expect(mod.locator("body")).not_to_contain_text("Approve Priya Shah")
    assert any("approved" in m.body for m in mail.outbox if m.to == [SIGN_UP["email"]])

    # The new member starts a topic; as a first post it waits for a moderator.
    forum = Forum.objects.get(slug="getting-started")
    subject = "Our weekly huddle with the district nurses"
    body = "We meet every Tuesday with the zebrafinch checklist. What do you use?"
    page.goto("/forum/")
    with page.expect_navigation():
        page.get_by_role("link", name=forum.name).first.click()
    with page.expect_navigation():
        page.get_by_role("link", name=re.compile("new topic", re.I)).first.click()
    page.locator("input[name=subject]").fill(subject)
    page.locator("textarea[name=content]").fill(body)
    with page.expect_navigation():
        page.get_by_role("button", name="Submit", exact=True).click()
    # One plain notice for a held post, and no "posted successfully".
    expect(page.locator("main")).to_contain_text(
        "A moderator will read your post before it appears in the forum."
    )
    expect(page.locator("main")).not_to_contain_text("posted successfully")
    held = Post.objects.get(subject=subject)
    assert not held.approved

    forum_url = reverse("forum:forum", kwargs={"slug": forum.slug, "pk": forum.pk})

    visitor = new_tab()
    visitor.goto(forum_url)
    expect(visitor.locator("main")).not_to_contain_text(subject)
    visitor.goto("/search/?q=zebrafinch")
    expect(visitor.locator("main")).not_to_contain_text(subject)

    # The moderator approves it in machina's moderation queue.
    mod.goto("/forum/moderation/queue/")
    with mod.expect_navigation():
        mod.get_by_role("link", name=re.compile(subject)).first.click()
    with mod.expect_navigation():
        mod.get_by_role("link", name="Approve", exact=True).click()
    with mod.expect_navigation():
        mod.get_by_role("button", name="Yes, I'm sure").click()

    visitor.goto(forum_url)
    expect(visitor.locator("main")).to_contain_text(subject)
    visitor.goto("/search/?q=zebrafinch")
    expect(visitor.locator("main")).to_contain_text(subject)


def test_a_family_member_shares_a_view_a_moderator_redacts_it_and_it_appears(
    page, new_tab
):
    shared = share_a_view_as_a_family_member(MouseDriver(page))
    submission = Submission.objects.get(reference=shared.reference)
    theme_url = submission.themes.get().get_absolute_url()

    page.goto(theme_url)
    expect(page.locator("main")).not_to_contain_text("night staff always knock")

    mod = new_tab()
    sign_in(mod, moderator().email)
    mod.goto("/admin/shared-views/")
    with mod.expect_navigation():
        mod.get_by_role("link", name=shared.reference).click()
    redacted = "[Name] at [care home] says the night staff always knock and wait."
    mod.locator("textarea[name=text]").fill(redacted)
    mod.locator("input[name=decision][value=approve]").check()
    with mod.expect_navigation():
        mod.get_by_role("button", name="Save decision").click()

    page.goto(theme_url)
    main = page.locator("main")
    expect(main).to_contain_text(redacted)
    expect(main).not_to_contain_text("Mrs Jones")
    expect(main).not_to_contain_text("Oak House")


def test_an_editor_drafts_guidance_a_moderator_approves_it_and_it_is_published(
    page, new_tab
):
    title = "Planning a care home round with the community pharmacist"
    index = GuidanceIndexPage.objects.get()

    # The editor drafts the page in Wagtail's editor and submits it.
    sign_in(page, editor().email)
    page.goto(f"/admin/pages/add/cms/guidancepage/{index.pk}/")
    page.locator("#id_title").fill(title)
    page.locator("#id_summary").fill("How one area planned its weekly rounds.")
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Paragraph").first.click()
    paragraph = "Agree a day, a list of residents and who writes it up."
    editor_box = page.locator(".Draftail-Editor [contenteditable=true]").last
    editor_box.click()
    page.keyboard.type(paragraph)
    expect(editor_box).to_contain_text(paragraph)
    # Draftail copies its content into the form's hidden input a moment later;
    # Wagtail 7+ saves a draft even with that input still empty.
    page.locator("#id_summary").focus()
    expect(page.locator("input[name='body-0-value']")).to_have_value(
        re.compile("Agree a day")
    )
    page.get_by_role("button", name="More actions").click()
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("Submit to")).click()
    assert "/add/" not in page.url, page.locator(".error-message").all_inner_texts()
    draft = GuidancePage.objects.get(title=title)
    assert not draft.live and draft.workflow_in_progress

    visitor = new_tab()
    visitor.goto("/guidance/")
    expect(visitor.locator("main")).not_to_contain_text(title)

    # A moderator approves it from the page's own editor.
    mod = new_tab()
    sign_in(mod, moderator().email)
    mod.goto(f"/admin/pages/{draft.pk}/edit/")
    mod.get_by_role("button", name="More actions").click()
    with mod.expect_navigation():
        mod.get_by_role("button", name="Approve and Publish").click()
    draft.refresh_from_db()
    assert draft.live

    visitor.goto("/guidance/")
    expect(visitor.locator("main")).to_contain_text(title)
    visitor.goto("/")
    expect(visitor.locator("main")).to_contain_text(title)
