"""Keyboard only: the journeys work with Tab, Space, Enter and the arrow keys.

The keyboard driver never clicks. At every Tab it checks that focus moved
forward (no trap) and that the focused control shows a focus style.
"""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.urls import reverse
from machina.core.db.models import get_model
from playwright.sync_api import expect

from cms.voices.models import Submission
from tests.members.factories import PASSWORD, approved_member, moderator

from .drivers import KeyboardDriver
from .journeys import (
    filter_open_and_compare_case_studies,
    share_a_view_as_a_family_member,
    sign_up,
)

Forum = get_model("forum", "Forum")
Post = get_model("forum_conversation", "Post")

KEYBOARD_PERSON = {
    "name": "Kay Board",
    "display_name": "Kay B",
    "email": "kay@example.org",
    "password1": "typed without a mouse 42",
    "password2": "typed without a mouse 42",
}


def test_case_studies_can_be_filtered_opened_and_compared_by_keyboard(page):
    keys = KeyboardDriver(page)
    stops = keys.tab_to_footer("/case-studies/")
    assert stops > 10
    filter_open_and_compare_case_studies(keys)


def test_a_view_can_be_shared_by_keyboard(page):
    keys = KeyboardDriver(page)
    keys.tab_to_footer("/what-good-looks-like/share/")
    shared = share_a_view_as_a_family_member(keys)
    submission = Submission.objects.get(reference=shared.reference)
    assert submission.sharer_role == "family"
    assert submission.consent_to_publish
    assert submission.themes.get().label == shared.theme_label


def test_the_sign_up_form_can_be_completed_by_keyboard(page):
    keys = KeyboardDriver(page)
    keys.tab_to_footer("/accounts/signup/")
    sign_up(keys, KEYBOARD_PERSON)
    expect(page.locator("main")).to_contain_text("email")
    profile = get_user_model().objects.get(email="kay@example.org").member_profile
    assert profile.display_name == "Kay B"
    assert (profile.role, profile.region) == ("care-home-manager", "midlands")
    assert profile.leadership_level == "service"


def _sign_in_by_keyboard(keys: KeyboardDriver, email: str) -> None:
    page = keys.page
    page.goto("/accounts/login/")
    form = page.locator("main form")
    keys.fill(form.locator("input[name=login]"), email)
    keys.fill(form.locator("input[name=password]"), PASSWORD)
    with page.expect_navigation():
        keys.activate(form.get_by_role("button", name="Sign in", exact=True))
    assert "/accounts/login/" not in page.url, page.url


def test_a_member_starts_a_topic_and_a_moderator_approves_it_by_keyboard(page, new_tab):
    forum = Forum.objects.get(slug="getting-started")
    new_topic = reverse(
        "forum_conversation:topic_create",
        kwargs={"forum_slug": forum.slug, "forum_pk": forum.pk},
    )
    subject = "Keyboard huddles with the care home team"
    keys = KeyboardDriver(page)
    _sign_in_by_keyboard(keys, approved_member().email)
    keys.tab_to_footer(new_topic)  # the whole form, no trap, focus always seen
    page.goto(new_topic)  # and back to the top
    form = page.locator("main form")
    # Sent empty first: the error summary comes up, and its link takes the
    # keyboard to the field.
    with page.expect_navigation():
        keys.activate(form.get_by_role("button", name="Submit", exact=True))
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("This field is required")
    keys.activate(summary.locator("a[href='#id_subject']"))
    # nhsuk-frontend's error summary moves focus to the field it names.
    assert page.evaluate("() => document.activeElement.id") == "id_subject"
    form = page.locator("main form")
    keys.fill(form.locator("input[name=subject]"), subject)
    keys.fill(form.locator("textarea[name=content]"), "Typed with the keyboard only.")
    with page.expect_navigation():
        keys.activate(form.get_by_role("button", name="Submit", exact=True))
    expect(page.locator("body")).to_contain_text(re.compile("moderat", re.I))
    held = Post.objects.get(subject=subject)
    assert not held.approved

    mod = new_tab()
    mod_keys = KeyboardDriver(mod)
    _sign_in_by_keyboard(mod_keys, moderator().email)
    mod.goto("/forum/moderation/queue/")
    with mod.expect_navigation():
        mod_keys.activate(mod.get_by_role("link", name=re.compile(subject)).first)
    with mod.expect_navigation():
        mod_keys.activate(mod.get_by_role("link", name="Approve", exact=True))
    with mod.expect_navigation():
        mod_keys.activate(mod.get_by_role("button", name="Yes, I'm sure"))
    held.refresh_from_db()
    assert held.approved
