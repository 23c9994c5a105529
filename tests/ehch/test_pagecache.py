"""The anonymous page cache: no SQL on a hit, emptied by any content change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.casestudies.factories import CaseStudyFactory, build_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    settings.PAGE_CACHE_SECONDS = 600
    _, index = build_site()
    return index


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, len(ctx.captured_queries)


def test_a_cached_anonymous_page_costs_no_sql_query(client, cached):
    CaseStudyFactory(parent=cached, title="Cached area")
    first, first_queries = _get(client, "/case-studies/")
    second, second_queries = _get(client, "/case-studies/")
    assert first["X-Page-Cache"] == "miss" and first_queries > 0
    assert second["X-Page-Cache"] == "hit" and second_queries == 0
    assert second.content == first.content
    assert second.status_code == 200


def test_publishing_makes_cached_pages_stale(client, cached):
    page = CaseStudyFactory(parent=cached, title="Before")
    assert "Before" in client.get("/case-studies/").content.decode()
    page.title = "After the edit"
    page.save_revision().publish()
    response = client.get("/case-studies/")
    assert response["X-Page-Cache"] == "miss"
    assert "After the edit" in response.content.decode()


def test_signed_in_people_and_visitors_with_cookies_are_never_served_from_cache(
    client, admin_user, cached
):
    client.get("/case-studies/")
    client.cookies["voices_visitor"] = "someone"
    assert "X-Page-Cache" not in client.get("/case-studies/")
    del client.cookies["voices_visitor"]
    client.force_login(admin_user)
    assert "X-Page-Cache" not in client.get("/case-studies/")


def test_pages_with_forms_are_not_stored(client, cached):
    client.get("/accounts/login/")
    response = client.get("/accounts/login/")
    assert "X-Page-Cache" not in response
    assert response.status_code == 200


def test_query_strings_are_cached_separately(client, cached):
    CaseStudyFactory(parent=cached, title="Only one")
    client.get("/case-studies/?sort=az")
    response = client.get("/case-studies/?sort=newest")
    assert response["X-Page-Cache"] == "miss"


def test_a_view_waiting_for_moderation_keeps_the_cache_but_publishing_it_empties_it(
    client, cached
):
    from cms.voices import moderation
    from tests.voices.factories import SubmissionFactory, ThemeFactory

    client.get("/what-good-looks-like/")
    submission = SubmissionFactory()  # received, waiting for a moderator
    assert client.get("/what-good-looks-like/")["X-Page-Cache"] == "hit"
    from django.contrib.auth import get_user_model

    moderator = get_user_model().objects.create_user("mod", "m@example.org", "x" * 12)
    moderation.approve_submission(
        submission, moderator=moderator, text=submission.text, themes=[ThemeFactory()]
    )
    assert client.get("/what-good-looks-like/")["X-Page-Cache"] == "miss"


def test_a_change_makes_pages_stale_at_once_and_again_when_it_commits(
    django_capture_on_commit_callbacks,
):
    """A reader between the save and the commit may have stored the old page
    under the new version: the commit starts another. One per transaction."""
    from ehch import pagecache

    before = pagecache.content_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        build_site()
        CaseStudyFactory(title="One")
        CaseStudyFactory(title="Two")
        saved = pagecache.content_version()
        assert saved != before
    bumps = [c for c in callbacks if c is pagecache._new_version]
    assert len(bumps) == 1
    assert pagecache.content_version() != saved
