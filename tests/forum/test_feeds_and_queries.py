"""Feeds keep working; a topic page costs the same queries for 10 or 100 posts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from machina.core.db.models import get_model
from machina.test.factories import PostFactory

from .conftest import PUBLIC, make_topic, topic_url

Post = get_model("forum_conversation", "Post")

pytestmark = pytest.mark.django_db


def test_the_latest_topics_feed_lists_public_topics(client, forums, member):
    make_topic(forums[PUBLIC], member, subject="Feed me")
    response = client.get("/forum/feeds/topics/")
    assert response.status_code == 200
    assert "Feed me" in response.content.decode()


def test_a_forums_own_feed_works(client, forums, member):
    forum = forums[PUBLIC]
    make_topic(forum, member, subject="In this forum")
    response = client.get(f"/forum/feeds/forum/{forum.slug}-{forum.pk}/topics/")
    assert response.status_code == 200
    assert "In this forum" in response.content.decode()


def _queries_for(client, topic) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(topic_url(topic))
    assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_topic_page_query_count_does_not_grow_with_posts(
    client, forums, member, moderator, settings, signed_in
):
    settings.MACHINA_TOPIC_POSTS_NUMBER_PER_PAGE = 200
    from machina.apps.forum_conversation.views import TopicView

    TopicView.paginate_by = 200  # machina reads the setting at import time
    try:
        if signed_in:
            client.force_login(member)
        small = make_topic(forums[PUBLIC], moderator, subject="Small")
        big = make_topic(forums[PUBLIC], moderator, subject="Big")
        for topic, count in ((small, 9), (big, 99)):
            posters = [member, moderator]
            for n in range(count):
                PostFactory(
                    topic=topic,
                    poster=posters[n % 2],
                    subject="Re",
                    content=f"Reply {n}",
                )
        assert Post.objects.filter(topic=big).count() == 100
        # Warm-up: the first visits create read-tracking rows and fill caches.
        for topic in (small, big, small, big):
            client.get(topic_url(topic))
        assert _queries_for(client, small) == _queries_for(client, big)
    finally:
        TopicView.paginate_by = 15
