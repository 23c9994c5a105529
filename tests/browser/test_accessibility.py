"""axe-core on every page type, with the WCAG 2.2 A and AA rules: zero violations.

One test walks every page type (loading the demo once rather than per page);
each page's result is recorded for the table printed at the end of the run,
and the test fails listing every violation found, not just the first.
"""

from __future__ import annotations

from django.urls import reverse
from machina.core.db.models import get_model

from casestudies.models import CaseStudyPage
from tests.members.factories import PASSWORD, approved_member

from .axe import run_axe

Forum = get_model("forum", "Forum")
Topic = get_model("forum_conversation", "Topic")


def _public_pages() -> list[tuple[str, str]]:
    """(page type, address) for every public page type, from the demo content."""
    leeds, sutton = (
        CaseStudyPage.objects.live().get(slug=slug) for slug in ("leeds", "sutton")
    )
    tagged = (
        CaseStudyPage.objects.live()
        .filter(approach__isnull=False, resourcing__isnull=False)
        .first()
    )
    # A forum anonymous visitors may read.
    topic = (
        Topic.objects.filter(approved=True, forum__slug="getting-started")
        .select_related("forum")
        .first()
    )
    forum = topic.forum
    return [
        ("Home", "/"),
        ("Standard page with contact details", "/about/"),
        ("Case study list", "/case-studies/"),
        (
            "Case study list, filtered",
            f"/case-studies/?approach={tagged.approach.first().slug}"
            f"&resourcing={tagged.resourcing.slug}",
        ),
        ("Case study", leeds.url),
        ("Compare", f"/case-studies/compare/?ids={leeds.pk}&ids={sutton.pk}"),
        ("Results by measure", "/case-studies/measures/"),
        ("One measure's results", "/case-studies/measures/emergency-admissions/"),
        ("Search results", "/search/?q=GP"),
        ("Guidance index", "/guidance/"),
        ("Guidance page", "/guidance/how-to-start/"),
        ("Leadership index", "/leadership/"),
        ("Leadership resource", "/leadership/service-partnership-agreement/"),
        ("Forum index", "/forum/"),
        (
            "A forum",
            reverse("forum:forum", kwargs={"slug": forum.slug, "pk": forum.pk}),
        ),
        (
            "A topic",
            reverse(
                "forum_conversation:topic",
                kwargs={
                    "forum_slug": forum.slug,
                    "forum_pk": forum.pk,
                    "slug": topic.slug,
                    "pk": topic.pk,
                },
            ),
        ),
        ("Residents' index", "/what-good-looks-like/"),
        ("Theme page", "/what-good-looks-like/being-listened-to/"),
        ("Share form", "/what-good-looks-like/share/"),
        ("Paper form", "/what-good-looks-like/share/paper/"),
        ("Sign in", "/accounts/login/"),
        ("Sign up", "/accounts/signup/"),
        ("404 page", "/no-such-page-here/"),
    ]


def test_every_page_type_has_no_wcag_22_aa_violations(page):
    results = []
    for name, address in _public_pages():
        response = page.goto(address)
        expected = 404 if name == "404 page" else 200
        assert response.status == expected, f"{name} {address}: {response.status}"
        assert page.url.endswith(address), f"{name} {address} went to {page.url}"
        results.append(run_axe(page, name))

    # Forms showing their errors: send them empty.
    page.goto("/what-good-looks-like/share/")
    page.get_by_role("button", name="Send my view").click()
    page.wait_for_selector(".nhsuk-error-summary")
    results.append(run_axe(page, "Share form, with errors"))

    page.goto("/accounts/signup/")
    page.get_by_role("button", name="Apply to join").click()
    page.wait_for_selector(".nhsuk-error-summary")
    results.append(run_axe(page, "Sign up, with errors"))

    # A member's profile needs a signed-in member.
    member = approved_member()
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(member.email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()
    response = page.goto(f"/members/{member.pk}/")
    assert response.status == 200
    assert page.url.endswith(f"/members/{member.pk}/"), page.url
    results.append(run_axe(page, "Member profile"))

    # An area's own case study: the form, sent empty, then as a phone shows it.
    assert page.goto("/case-studies/share/").status == 200
    results.append(run_axe(page, "Share a case study"))
    with page.expect_navigation():
        page.get_by_role("button", name="Send to the editors").click()
    page.wait_for_selector(".nhsuk-error-summary")
    results.append(run_axe(page, "Share a case study, with errors"))
    with page.expect_navigation():
        page.get_by_role("button", name="Add another result").click()
    results.append(run_axe(page, "Share a case study, a row added"))
    page.set_viewport_size({"width": 375, "height": 740})
    results.append(run_axe(page, "Share a case study, on a phone"))
    page.set_viewport_size({"width": 1280, "height": 800})

    # machina's posting form, drawn with the nhsuk components, empty and sent.
    forum = Forum.objects.get(slug="getting-started")
    new_topic = reverse(
        "forum_conversation:topic_create",
        kwargs={"forum_slug": forum.slug, "forum_pk": forum.pk},
    )
    assert page.goto(new_topic).status == 200
    results.append(run_axe(page, "New topic form"))
    with page.expect_navigation():
        page.get_by_role("button", name="Submit").click()
    page.wait_for_selector(".nhsuk-error-summary")
    results.append(run_axe(page, "New topic form, with errors"))

    # The forum emails page (mentions on or off), as a phone shows it.
    page.set_viewport_size({"width": 375, "height": 740})
    assert page.goto("/forum/tools/emails/").status == 200
    results.append(run_axe(page, "Forum emails, on a phone"))
    with page.expect_navigation():
        page.get_by_label("Do not email me").check()
        page.get_by_role("button", name="Save").click()
    assert page.get_by_text("We will not email you when someone mentions you.").count()
    page.set_viewport_size({"width": 1280, "height": 800})

    failures = [
        f"{r.name} ({r.path}):\n{r.describe()}" for r in results if r.violations
    ]
    assert not failures, "axe-core found violations:\n" + "\n".join(failures)
