"""Keyboard only: the journeys work with Tab, Space, Enter and the arrow keys.

The keyboard driver never clicks. At every Tab it checks that focus moved
forward (no trap) and that the focused control shows a focus style.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from cms.voices.models import Submission

from .drivers import KeyboardDriver
from .journeys import (
    filter_open_and_compare_case_studies,
    share_a_view_as_a_family_member,
    sign_up,
)

KEYBOARD_PERSON = {
    "name": "Kay Board",
    "email": "kay@example.org",
    "username": "kayboard",
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
    profile = get_user_model().objects.get(username="kayboard").member_profile
    assert (profile.role, profile.region) == ("care-home-manager", "midlands")
    assert profile.leadership_level == "service"
