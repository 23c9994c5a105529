"""Journeys written once and run with either driver (mouse or keyboard only)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from playwright.sync_api import expect

from casestudies.models import CaseStudyPage
from cms.voices.models import Theme

from .drivers import KeyboardDriver, MouseDriver


@dataclass
class Filters:
    """One approach, one resourcing and one challenge that match several studies."""

    approach: str
    resourcing: str
    challenge: str
    matches: list[str]


def filters_matching_two_or_more() -> Filters:
    """Pick facet values from the demo content that leave at least two studies."""
    live = CaseStudyPage.objects.live()
    best = None
    for study in live.exclude(resourcing=None).prefetch_related(
        "approach", "challenges"
    ):
        for approach in study.approach.all():
            for challenge in study.challenges.all():
                matches = list(
                    live.filter(
                        approach=approach,
                        resourcing=study.resourcing,
                        challenges=challenge,
                    )
                    .distinct()
                    .values_list("title", flat=True)
                )
                if best is None or len(matches) > len(best.matches):
                    best = Filters(
                        approach.slug, study.resourcing.slug, challenge.slug, matches
                    )
    assert best and len(best.matches) >= 2, "the demo needs two similar case studies"
    return best


def filter_open_and_compare_case_studies(ui: MouseDriver | KeyboardDriver) -> None:
    """Filter by approach, resourcing and challenge, open one, go back, compare two."""
    page = ui.page
    chosen = filters_matching_two_or_more()
    page.goto("/case-studies/")
    panel = page.locator("form.ehch-facets")
    for facet, value in [
        ("approach", chosen.approach),
        ("resourcing", chosen.resourcing),
        ("challenge", chosen.challenge),
    ]:
        box = panel.locator(f"#f-{facet}-{value}")
        details = panel.locator("details", has=page.locator(f"#f-{facet}-{value}"))
        if not details.evaluate("(d) => d.open"):
            ui.expand(details.locator("summary"))
        ui.tick(box)
    with page.expect_navigation():
        ui.activate(panel.get_by_role("button", name="Apply filters"))

    for facet in ("approach", "resourcing", "challenge"):
        assert f"{facet}=" in page.url
    expect(page.locator("#result-count")).to_have_text(
        re.compile(rf"^{len(chosen.matches)} case stud")
    )
    cards = page.locator(".ehch-result")
    assert sorted(cards.locator("h3 a").all_inner_texts()) == sorted(chosen.matches)

    first = cards.nth(0).locator("h3 a")
    title = first.inner_text()
    with page.expect_navigation():
        ui.activate(first)
    expect(page.locator("h1")).to_have_text(title)
    page.go_back()  # the browser's own Back
    expect(page.locator("#result-count")).to_be_visible()

    picked = []
    for n in (0, 1):
        card = cards.nth(n)
        picked.append(card.locator("h3 a").inner_text())
        ui.tick(card.locator("input[name=ids]"))
    with page.expect_navigation():
        ui.activate(page.get_by_role("button", name="Compare selected case studies"))
    assert "/case-studies/compare/" in page.url
    expect(page.locator("h1")).to_have_text("Compare case studies")
    headers = page.locator("table.ehch-compare thead th").all_inner_texts()
    assert headers == picked


@dataclass
class SharedView:
    """What the family member wrote, and the code they were given."""

    text: str
    theme_label: str
    reference: str


def share_a_view_as_a_family_member(ui: MouseDriver | KeyboardDriver) -> SharedView:
    """Fill in the share form as a relative, with a name a moderator must remove."""
    page = ui.page
    page.goto("/what-good-looks-like/share/")
    text = "Mrs Jones at Oak House says the night staff always knock and wait."
    ui.tick(page.locator("input[name=sharer_role][value=family]"))
    ui.fill(page.locator("textarea[name=text]"), text)
    theme = page.locator("input[name=themes]").first
    theme_label = Theme.objects.get(pk=theme.get_attribute("value")).label
    ui.tick(theme)
    ui.tick(page.locator("input[name=consent_to_publish]"))
    with page.expect_navigation():
        ui.activate(page.get_by_role("button", name="Send my view"))
    expect(page.locator("h1")).to_have_text("Thank you. We have your view.")
    reference = page.locator(".nhsuk-heading-xl strong").inner_text()
    return SharedView(text=text, theme_label=theme_label, reference=reference)


SIGN_UP = {
    "name": "Priya Shah",
    "email": "priya@example.org",
    # No username: the site makes one. The name shown defaults to "name".
    "password1": "a long enough passphrase 42",
    "password2": "a long enough passphrase 42",
}
SIGN_UP_CHOICES = {
    "role": "care-home-manager",
    "organisation_type": "care-home",
    "region": "midlands",
    "leadership_level": "service",
}


def sign_up(ui: MouseDriver | KeyboardDriver, who: dict[str, str] = SIGN_UP) -> None:
    """Apply to join through /accounts/signup/ and land on 'check your email'."""
    page = ui.page
    page.goto("/accounts/signup/")
    form = page.locator("main form")
    for name, value in who.items():
        ui.fill(form.locator(f"input[name={name}]"), value)
    for name, value in SIGN_UP_CHOICES.items():
        ui.tick(form.locator(f"input[name={name}][value={value}]"))
    with page.expect_navigation():
        ui.activate(form.get_by_role("button", name="Apply to join"))
    assert page.url.endswith("/accounts/confirm-email/"), page.url
