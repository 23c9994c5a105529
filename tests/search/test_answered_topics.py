"""Search marks an answered topic's posts, and the answer itself, on both engines."""

from __future__ import annotations

import pytest

from forum.models import TopicAnswer
from forum.structure import ensure_forum_tree
from tests.forum.conftest import PUBLIC, make_reply, make_topic, make_user

pytestmark = pytest.mark.django_db


def test_answered_topics_and_their_answer_are_marked_in_search(
    client, engine, reindex, refresh, settings
):
    settings.FORUM_FIRST_POSTS_HELD = 0
    forum = ensure_forum_tree()[PUBLIC]
    asker, helper = make_user("asker", "Members"), make_user("helper", "Members")
    topic = make_topic(forum, asker, subject="Zebrafinch rounds", content="Zebrafinch?")
    answer = make_reply(topic, helper, content="Zebrafinch answer here.")
    make_topic(forum, asker, subject="Zebrafinch open question", content="Zebrafinch!")
    TopicAnswer.objects.create(topic=topic, post=answer)
    reindex()
    refresh()
    html = client.get("/search/?q=zebrafinch&type=forum_post").content.decode()
    assert html.count(">The answer</strong>") == 1
    assert html.count(">Answered</strong>") == 1  # the question; the open one has none
