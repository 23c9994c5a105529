"""An anonymous visitor's GET writes nothing: no session row, no cookie."""

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command

from forum.notifications import topic_path

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/", "/about/", "/case-studies/", "/forum/", "/healthz", "/readyz"]
)
def test_anonymous_get_sets_no_cookie_and_stores_no_session(client, url):
    call_command("load_demo", verbosity=0)
    response = client.get(url)
    assert response.status_code == 200
    assert not response.cookies, f"{url} set cookies: {list(response.cookies)}"
    assert Session.objects.count() == 0


WRITES = ("INSERT", "UPDATE", "DELETE")


def _demo_topic():
    from machina.apps.forum_conversation.models import Topic

    from forum.demo import DEMO_TOPICS

    forum_name, topics = next(iter(DEMO_TOPICS.items()))
    return Topic.objects.get(forum__name=forum_name, subject=topics[0][0])


def test_anonymous_reads_of_every_page_type_write_no_row(client, settings):
    """No INSERT/UPDATE/DELETE at all, including machina's topic view counter."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from casestudies.models import CaseStudyPage
    from cms.models import GuidancePage, LeadershipResourcePage

    settings.PAGE_CACHE_SECONDS = 0  # every request renders the page
    call_command("load_demo", verbosity=0)
    topic = _demo_topic()
    views_before = topic.views_count
    case_studies = list(CaseStudyPage.objects.live().order_by("pk")[:2])
    urls = [
        "/",
        "/case-studies/",
        case_studies[0].url,
        f"/case-studies/compare/?ids={case_studies[0].pk},{case_studies[1].pk}",
        "/guidance/",
        GuidancePage.objects.live().first().url,
        "/leadership/",
        LeadershipResourcePage.objects.live().first().url,
        "/what-good-looks-like/",
        "/search/?q=care",
        "/forum/",
        topic_path(topic),
    ]
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        writes = [
            q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)
        ]
        assert not writes, f"anonymous GET {url} wrote: {writes}"
    topic.refresh_from_db()
    assert topic.views_count == views_before


def test_a_signed_in_readers_topic_view_still_counts(client):
    from django.contrib.auth import get_user_model

    call_command("load_demo", verbosity=0)
    topic = _demo_topic()
    views_before = topic.views_count
    reader = get_user_model().objects.create_user("reader", "r@example.org", "pw")
    client.force_login(reader)
    assert client.get(topic_path(topic)).status_code == 200
    topic.refresh_from_db()
    assert topic.views_count == views_before + 1
