"""A reply queues one index task, not one per post in its topic.

machina saves the topic on every reply (its counts and last post). Queueing
every post of the topic each time grew the task queue with the square of the
replies: the cluster drill found 6,812 index tasks still queued two minutes
after its load stopped. Posts are re-checked only when something their search
documents show changes: the topic's approval, forum, subject or slug.
"""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from ehch import roles
from forum.structure import ensure_forum_tree
from tests.forum.conftest import (
    PUBLIC,
    make_topic,
    make_user,
    reply_form_data,
    reply_url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def forums(db):
    return ensure_forum_tree()


@pytest.fixture
def queue(settings):
    """The real database task queue (tests otherwise run tasks at once)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.FORUM_FIRST_POSTS_HELD = 0
    settings.FORUM_POST_RATE = (100, 300)  # six replies in a row are allowed here

    def index_tasks() -> list[list]:
        return [
            row.args_kwargs["args"]
            for row in DBTaskResult.objects.filter(task_path__endswith="index_object")
        ]

    return index_tasks


def test_a_reply_queues_only_itself_however_long_the_topic(client, forums, queue):
    alice = make_user("alice", roles.MEMBERS)
    topic = make_topic(forums[PUBLIC], alice)
    for number in range(5):
        client.force_login(alice)
        client.post(reply_url(topic), reply_form_data(f"Reply number {number}"))
    DBTaskResult.objects.all().delete()
    response = client.post(reply_url(topic), reply_form_data("One more reply"))
    assert response.status_code == 302
    newest = topic.posts.order_by("-pk").first()
    assert topic.posts.count() == 7
    assert queue() == [["forum_conversation.Post", newest.pk]]


def test_renaming_or_approving_a_topic_requeues_every_post(forums, queue):
    alice = make_user("alice", roles.MEMBERS)
    topic = make_topic(forums[PUBLIC], alice, approved=False)
    DBTaskResult.objects.all().delete()
    topic.approved = True
    topic.save()
    assert sorted(pk for _, pk in queue()) == sorted(
        topic.posts.values_list("pk", flat=True)
    )
    DBTaskResult.objects.all().delete()
    topic.subject = "A clearer subject"
    topic.save()
    assert len(queue()) == topic.posts.count()
    DBTaskResult.objects.all().delete()
    topic.views_count += 1  # nothing a document shows
    topic.save()
    assert queue() == []
