"""Fixtures for the forum tests: the real forum tree and one user per role."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.urls import reverse
from machina.core.db.models import get_model
from machina.test.factories import PostFactory, TopicFactory, UserFactory

from ehch import roles
from forum.notifications import topic_path
from forum.structure import ensure_forum_tree

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")

PUBLIC = "Getting started"
MEMBERS_ONLY = "Working with hospitals"
HELD = "Residents and families"


@pytest.fixture(autouse=True)
def _fresh_cache():
    # The rate limits count in the cache; each test starts with none spent.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def forums(db):
    """The real forum tree with its permissions, by forum name."""
    return ensure_forum_tree()


def make_user(username: str, *group_names: str):
    """A user with an email address, in the named role groups."""
    user = UserFactory(username=username, email=f"{username}@example.org")
    for name in group_names:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


@pytest.fixture
def member(forums):
    """An approved member (in the Members group)."""
    return make_user("member", roles.MEMBERS)


@pytest.fixture
def pending(forums):
    """A signed-in account not (yet) in the Members group."""
    return make_user("pending")


@pytest.fixture
def moderator(forums):
    """A moderator (also a member, as in real life)."""
    return make_user("moderator", roles.MEMBERS, roles.MODERATORS)


@pytest.fixture
def administrator(forums):
    """An administrator (not a Django superuser: rights come from the group)."""
    return make_user("administrator", roles.ADMINISTRATORS)


@pytest.fixture
def no_hold(settings):
    """Members' first posts are not held (for tests about something else)."""
    settings.FORUM_FIRST_POSTS_HELD = 0


def make_topic(forum, poster, subject="A topic", content="First post", approved=True):
    """A topic with its first post, made directly in the database."""
    topic = TopicFactory(
        forum=forum,
        poster=poster,
        subject=subject,
        type=Topic.TOPIC_POST,
        approved=approved,
    )
    PostFactory(
        topic=topic, poster=poster, subject=subject, content=content, approved=approved
    )
    topic.refresh_from_db()
    return topic


def make_reply(topic, poster, content="A reply", approved=True):
    """A reply in ``topic``, made directly in the database."""
    return PostFactory(
        topic=topic,
        poster=poster,
        subject=f"Re: {topic.subject}",
        content=content,
        approved=approved,
    )


def topic_url(topic) -> str:
    """The topic page's address."""
    return topic_path(topic)


def new_topic_url(forum) -> str:
    """The new-topic form's address in ``forum``."""
    return reverse(
        "forum_conversation:topic_create",
        kwargs={"forum_slug": forum.slug, "forum_pk": forum.pk},
    )


def reply_url(topic) -> str:
    """The reply form's address for ``topic``."""
    return reverse(
        "forum_conversation:post_create",
        kwargs={
            "forum_slug": topic.forum.slug,
            "forum_pk": topic.forum.pk,
            "topic_slug": topic.slug,
            "topic_pk": topic.pk,
        },
    )


def topic_form_data(subject: str, content: str) -> dict:
    """What the real new-topic form posts."""
    return {
        "subject": subject,
        "content": content,
        "topic_type": Topic.TOPIC_POST,
        "enable_signature": "",
        "attachment-TOTAL_FORMS": "0",
        "attachment-INITIAL_FORMS": "0",
        "attachment-MIN_NUM_FORMS": "0",
        "attachment-MAX_NUM_FORMS": "3",
        "poll-TOTAL_FORMS": "0",
        "poll-INITIAL_FORMS": "0",
        "poll-MIN_NUM_FORMS": "0",
        "poll-MAX_NUM_FORMS": "30",
    }


def reply_form_data(content: str, subject: str = "Re: reply") -> dict:
    """What the real reply form posts."""
    data = topic_form_data(subject, content)
    data.pop("topic_type")
    return data
