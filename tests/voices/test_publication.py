import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.voices import moderation
from cms.voices.models import Agreement, CaseStudyResponse, ThemeSynthesisPage
from cms.voices.publication import published_statements
from tests.casestudies.factories import CaseStudyFactory, build_site

from .factories import ContactFactory, SubmissionFactory, ThemeFactory

pytestmark = pytest.mark.django_db

ORIGINAL = "Mrs Olivia Secretname at Hiddenwood House ignored me on Tuesday."
EDITED = "A carer ignored me one day. Good care is being heard."


@pytest.fixture
def published(moderator, theme):
    submission = SubmissionFactory(text=ORIGINAL)
    ContactFactory(
        submission=submission,
        name="Private Contactname",
        email="private.contact@example.org",
        phone="07700 900999",
    )
    return moderation.approve_submission(
        submission, moderator=moderator, text=EDITED, themes=[theme]
    )


def _public_pages(theme):
    return [
        reverse("voices:index"),
        reverse("voices:theme", args=[theme.slug]),
        reverse("voices:theme", args=[theme.slug]) + "?page=2",
        reverse("voices:share"),
        reverse("voices:share_done"),
        reverse("voices:withdraw"),
        reverse("voices:withdraw_done"),
    ]


def test_a_submission_is_invisible_until_approved_then_shows_on_its_theme_page(
    client, moderator, theme
):
    submission = SubmissionFactory(text="Good care is a warm room.", themes=[theme])
    theme_url = reverse("voices:theme", args=[theme.slug])
    assert "Good care is a warm room." not in client.get(theme_url).content.decode()
    assert (
        "Good care is a warm room."
        not in client.get(reverse("voices:index")).content.decode()
    )
    assert not published_statements().exists()
    moderation.approve_submission(
        submission, moderator=moderator, text=submission.text, themes=[theme]
    )
    assert "Good care is a warm room." in client.get(theme_url).content.decode()
    assert (
        "Good care is a warm room."
        in client.get(reverse("voices:index")).content.decode()
    )
    assert list(published_statements()) == [submission]


def test_a_withdrawn_statement_disappears(client, published, theme):
    theme_url = reverse("voices:theme", args=[theme.slug])
    assert EDITED in client.get(theme_url).content.decode()
    client.post(reverse("voices:withdraw"), {"reference": published.reference})
    assert EDITED not in client.get(theme_url).content.decode()
    assert EDITED not in client.get(reverse("voices:index")).content.decode()
    assert not published_statements().exists()


def test_rejected_and_flagged_views_never_show(client, moderator, theme):
    rejected = SubmissionFactory(text="Rejected words here.", themes=[theme])
    flagged = SubmissionFactory(text="Flagged words here.", themes=[theme])
    moderation.reject_submission(rejected, moderator=moderator, reason="Off topic")
    moderation.flag_safeguarding(flagged, moderator=moderator)
    html = client.get(reverse("voices:theme", args=[theme.slug])).content.decode()
    assert "Rejected words" not in html and "Flagged words" not in html


def test_no_public_page_shows_contact_details_the_original_text_or_the_reference(
    client, published, theme
):
    secrets = [
        "Secretname",
        "Hiddenwood",
        "Private Contactname",
        "private.contact@example.org",
        "07700 900999",
        published.reference,
    ]
    for url in _public_pages(theme):
        html = client.get(url).content.decode()
        for secret in secrets:
            assert secret not in html, f"{secret!r} leaked on {url}"
    # Also after pressing "this matters to me too" and on the statement's own link.
    response = client.post(reverse("voices:agree", args=[published.pk]), follow=True)
    for secret in secrets:
        assert secret not in response.content.decode()


def test_the_admin_shows_the_original_text_only_to_moderators(
    client, published, member, moderator
):
    url = reverse("voices_admin:moderate", args=[published.pk])
    client.force_login(member)
    assert "Secretname" not in client.get(url, follow=True).content.decode()
    client.force_login(moderator)
    assert "Secretname" in client.get(url).content.decode()


def test_an_anonymous_reader_writes_nothing_and_gets_no_cookies(
    client, published, theme
):
    for url in [reverse("voices:index"), reverse("voices:theme", args=[theme.slug])]:
        client.get(url)  # warm up
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert not response.cookies, f"{url} set {list(response.cookies)}"
        writes = [
            q["sql"]
            for q in queries.captured_queries
            if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        ]
        assert writes == [], url
    assert Session.objects.count() == 0


def test_the_theme_page_uses_the_same_number_of_queries_for_more_statements(
    client, moderator, theme
):
    def add(count):
        for _ in range(count):
            submission = SubmissionFactory(themes=[theme])
            moderation.approve_submission(
                submission, moderator=moderator, text=submission.text, themes=[theme]
            )

    url = reverse("voices:theme", args=[theme.slug])
    add(2)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    add(8)
    with CaptureQueriesContext(connection) as large:
        client.get(url)
    assert len(small) == len(large)


def test_this_matters_counts_once_per_browser_for_visitors(client, published, theme):
    url = reverse("voices:agree", args=[published.pk])
    first = client.post(url)
    assert first.status_code == 302
    assert "voices_visitor" in first.cookies
    client.post(url)
    assert Agreement.objects.filter(submission=published).count() == 1
    html = client.get(reverse("voices:theme", args=[theme.slug])).content.decode()
    assert "1 person says this matters to them." in html
    assert "You said this matters to you too." in html
    # Another browser counts separately.
    from django.test import Client

    Client().post(url)
    assert Agreement.objects.filter(submission=published).count() == 2


def test_this_matters_counts_once_per_account(client, published, member):
    client.force_login(member)
    url = reverse("voices:agree", args=[published.pk])
    client.post(url)
    client.post(url)
    assert Agreement.objects.filter(submission=published, user=member).count() == 1


def test_a_forged_cookie_is_ignored(client, published):
    client.cookies["voices_visitor"] = "not-signed"
    client.post(reverse("voices:agree", args=[published.pk]))
    agreement = Agreement.objects.get()
    assert agreement.visitor and agreement.visitor != "not-signed"


def test_this_matters_from_another_site_is_refused(client, published):
    url = reverse("voices:agree", args=[published.pk])
    assert client.post(url, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert (
        client.post(url, headers={"Origin": "https://evil.example"}).status_code == 403
    )
    assert not Agreement.objects.exists()
    assert (
        client.post(url, headers={"Sec-Fetch-Site": "same-origin"}).status_code == 302
    )


def test_this_matters_only_works_on_published_statements(client, theme):
    hidden = SubmissionFactory(themes=[theme])
    assert client.post(reverse("voices:agree", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("voices:agree", args=[hidden.pk])).status_code == 405


def test_this_matters_never_redirects_off_site(client, published):
    response = client.post(
        reverse("voices:agree", args=[published.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"].startswith("/what-good-looks-like/")


def test_the_index_has_the_easy_read_explanation_and_theme_pictures(client, published):
    html = client.get(reverse("voices:index")).content.decode()
    assert "What happens to your view" in html
    assert 'class="voices-symbol"' in html
    assert 'aria-hidden="true"' in html


def test_illustrative_statements_are_marked(client, moderator, theme):
    submission = SubmissionFactory(themes=[theme], illustrative=True)
    moderation.approve_submission(
        submission, moderator=moderator, text="Demo words.", themes=[theme]
    )
    html = client.get(reverse("voices:theme", args=[theme.slug])).content.decode()
    assert "Example only" in html


def test_an_unknown_theme_is_not_found(client):
    assert client.get("/what-good-looks-like/no-such-theme/").status_code == 404


def test_a_theme_cannot_take_a_reserved_slug(db):
    from django.core.exceptions import ValidationError

    theme = ThemeFactory.build(slug="share", label="Share", definition="x")
    with pytest.raises(ValidationError):
        theme.full_clean()


def test_the_synthesis_shows_on_its_theme_page_with_its_links(client, published, theme):
    home, _ = build_site()
    case_study = CaseStudyFactory(parent=home.get_children().first().specific)
    synthesis = ThemeSynthesisPage(
        title="What people said about being listened to",
        slug="synthesis-listened",
        theme=theme,
        summary="People want time to talk.",
        related_pages=[("related_page", {"page": case_study, "note": "It helped."})],
    )
    home.add_child(instance=synthesis)
    synthesis.statements.set([published])
    synthesis.save_revision().publish()
    theme_url = reverse("voices:theme", args=[theme.slug])
    html = client.get(theme_url).content.decode()
    assert "People want time to talk." in html
    assert case_study.url in html
    assert "Views this draws on" in html
    # Its own address forwards to the theme page, and links point there too.
    assert synthesis.url == theme_url
    response = client.get(f"/{synthesis.slug}/")
    assert response.status_code == 302 and response["Location"] == theme_url


def test_the_case_study_include_lists_only_published_statements(
    published, moderator, theme
):
    from django.template.loader import render_to_string

    home, index = build_site()
    case_study = CaseStudyFactory(parent=index)
    hidden = SubmissionFactory(text="Not yet approved words.")
    CaseStudyResponse.objects.create(
        case_study=case_study, statement=published, note="We changed visits."
    )
    CaseStudyResponse.objects.create(case_study=case_study, statement=hidden)
    html = render_to_string(
        "voices/includes/statements_for_case_study.html", {"page": case_study}
    )
    assert EDITED in html and "We changed visits." in html
    assert "Not yet approved" not in html and "Secretname" not in html
    moderation.withdraw_submission(published)
    html = render_to_string(
        "voices/includes/statements_for_case_study.html", {"page": case_study}
    )
    assert EDITED not in html


def _approve(moderator, themes, text, published_at):
    from cms.voices.models import Submission

    submission = SubmissionFactory(text=text, themes=themes)
    moderation.approve_submission(
        submission, moderator=moderator, text=text, themes=themes
    )
    Submission.objects.filter(pk=submission.pk).update(published_at=published_at)
    return submission


def test_theme_sections_show_each_themes_newest_statements_and_its_total(moderator):
    from datetime import timedelta

    from django.utils import timezone

    from cms.voices.publication import theme_sections

    first = ThemeFactory(label="A first theme", sort_order=1)
    second = ThemeFactory(label="A second theme", sort_order=2)
    empty = ThemeFactory(label="An empty theme", sort_order=3)
    now = timezone.now()
    for day in range(5):
        _approve(moderator, [first], f"first {day}", now - timedelta(days=day))
    # Newest of all, in both themes; and one statement withdrawn from view.
    _approve(moderator, [first, second], "shared", now + timedelta(hours=1))
    _approve(moderator, [second], "second 0", now - timedelta(days=1))
    hidden = SubmissionFactory(text="not approved", themes=[second])

    sections = {section.theme.pk: section for section in theme_sections(limit=3)}

    assert [s.text for s in sections[first.pk].statements] == [
        "shared",
        "first 0",
        "first 1",
    ]
    assert sections[first.pk].total == 6
    assert [s.text for s in sections[second.pk].statements] == ["shared", "second 0"]
    assert sections[second.pk].total == 2
    assert hidden.pk not in {s.pk for s in sections[second.pk].statements}
    assert sections[empty.pk].statements == []
    assert sections[empty.pk].total == 0
    ours = {first.pk, second.pk, empty.pk}
    assert [s.theme.pk for s in theme_sections() if s.theme.pk in ours] == [
        first.pk,
        second.pk,
        empty.pk,
    ]


def test_the_index_uses_the_same_number_of_queries_for_more_themes(client, moderator):
    from django.utils import timezone

    url = reverse("voices:index")
    theme = ThemeFactory()
    _approve(moderator, [theme], "one", timezone.now())
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(6):
        extra = ThemeFactory()
        for m in range(4):
            _approve(moderator, [extra, theme], f"more {n} {m}", timezone.now())
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert "more 5 3" in html
    assert len(many) == len(few) <= 6
