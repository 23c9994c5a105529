"""An editor's live preview and Wagtail's checks, in a real browser (issue 16).

Wagtail renders a preview by sending a made-up request for the page's public
address through the middleware and shows the answer in a frame of the editor.
The public policy (``frame-ancestors 'none'``) made Chromium refuse that frame,
so the page never showed and Wagtail's checker reported "0 issues" with empty
word counts: a zero that was not a result.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from cms.models import GuidancePage
from tests.members.factories import editor

from .test_journeys import sign_in

PLANTED = {
    "type": "paragraph",
    "value": "<h3>A skipped heading level</h3><p>Agree the rota first.</p>",
}


def test_an_editor_sees_the_preview_and_wagtails_checks_find_a_planted_problem(page):
    guidance = GuidancePage.objects.live().first()
    guidance.body = [PLANTED, *guidance.body.raw_data]
    guidance.save_revision()  # a draft: the live page is unchanged

    sign_in(page, editor().email)
    page.goto(f"/admin/pages/{guidance.pk}/edit/")
    page.locator("[data-side-panel-toggle=preview]").click()
    preview = page.frame_locator("#w-preview-iframe")
    expect(preview.locator("h1")).to_have_text(guidance.title, timeout=15000)
    expect(preview.locator("main")).to_contain_text("A skipped heading level")

    page.locator("[data-side-panel-toggle=checks]").click()
    checks = page.locator("[data-side-panel=checks]")
    # Counted from the rendered preview: a number above zero, not a blank.
    expect(checks).to_contain_text(re.compile(r"Words\s+[1-9]\d*"), timeout=15000)
    expect(checks).to_contain_text("Incorrect heading hierarchy")

    # The public page itself still refuses to be framed by anyone.
    response = page.request.get(guidance.url)
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_an_editor_on_the_live_page_can_open_wagtails_bar_and_edit(page):
    guidance = GuidancePage.objects.live().first()
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    sign_in(page, editor().email)
    page.goto(guidance.url)
    page.get_by_role("button", name=re.compile("wagtail quick actions", re.I)).click()
    page.get_by_role("menuitem", name=re.compile("edit this page", re.I)).click()
    expect(page).to_have_url(re.compile(rf"/admin/pages/{guidance.pk}/edit/"))
    assert not refused, refused
