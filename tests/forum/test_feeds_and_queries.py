"""The forum's feeds are valid Atom of public content; pages cost flat queries.

Each forum feed (the latest topics everywhere, in one forum, in a forum and
its sub-forums) must parse as Atom with what the W3C validator asks for, hold
only what a visitor may see (approved topics of public forums, no held post),
answer 404 for a members-only forum whoever asks, and cost the same queries
for few topics or many. A topic page costs the same queries for 10 or 100 posts.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from machina.core.db.models import get_model
from machina.test.factories import PostFactory

from tests.atom_feeds import (
    ATOM,
    SITE,
    TAG,
    check_valid,
    entries_by_title,
    fetch_feed,
    text_of,
)
from tests.members.factories import MemberProfileFactory

from .conftest import (
    HELD,
    MEMBERS_ONLY,
    PUBLIC,
    make_reply,
    make_topic,
    topic_url,
)

Post = get_model("forum_conversation", "Post")

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_on_site_url")]

TOPIC_ENTRY = r"forum-topic/\d+"
SPACE = "Front-line leaders"  # public, and holds a members-only forum


@pytest.fixture
def _on_site_url():
    with override_settings(SITE_URL=SITE, WAGTAILADMIN_BASE_URL=SITE):
        yield


def _feeds(forum) -> dict[str, str]:
    """The three kinds of forum feed, ``forum`` for the two of one forum."""
    args = [forum.slug, forum.pk]
    return {
        "latest topics": reverse("forum_feeds:latest_topics"),
        "forum": reverse("forum_feeds:forum_latest_topics", args=args),
        "forum and sub-forums": reverse(
            "forum_feeds:forum_latest_topics_with_descendants", args=args
        ),
    }


def _titles(client, path: str) -> set[str]:
    root = fetch_feed(client, path)
    check_valid(root, path, TOPIC_ENTRY)
    return set(entries_by_title(root))


@pytest.fixture
def bea(forums):
    """A member shown as "Bea Reader"."""
    return MemberProfileFactory(display_name="Bea Reader").user


@pytest.mark.parametrize("kind", ["latest topics", "forum", "forum and sub-forums"])
def test_each_forum_feed_is_atom_with_what_the_w3c_validator_asks_for(
    client, forums, bea, member, kind
):
    topic = make_topic(
        forums[PUBLIC], bea, subject="Feed me", content="Weekly **rounds** work."
    )
    make_reply(topic, member, content="They do.")
    path = _feeds(forums[PUBLIC])[kind]
    root = fetch_feed(client, path)
    entries = check_valid(root, path, TOPIC_ENTRY)
    assert len(entries) == 1
    entry = entries[0]
    assert text_of(entry, "id") == f"{TAG}forum-topic/{topic.pk}"
    assert text_of(entry, "title") == "Feed me"
    assert entry.find(ATOM + "link").get("href") == SITE + topic_url(topic)
    assert text_of(entry.find(ATOM + "author"), "name") == "Bea Reader"
    assert text_of(entry, "summary") == "Weekly rounds work."
    text_of(entry, "published")
    assert entry.find(ATOM + "category").get("term") == PUBLIC
    alternate = {
        link.get("rel"): link.get("href") for link in root.findall(ATOM + "link")
    }
    expected_page = (
        reverse("forum:index")
        if kind == "latest topics"
        else reverse("forum:forum", args=[forums[PUBLIC].slug, forums[PUBLIC].pk])
    )
    assert alternate["alternate"] == SITE + expected_page


def test_an_entry_keeps_its_id_when_the_topic_is_renamed(client, forums, member):
    topic = make_topic(forums[PUBLIC], member, subject="Old subject")
    path = reverse("forum_feeds:latest_topics")
    before = text_of(entries_by_title(fetch_feed(client, path))["Old subject"], "id")
    topic.subject, topic.slug = "New subject", "new-subject"
    topic.save()
    after = text_of(entries_by_title(fetch_feed(client, path))["New subject"], "id")
    assert before == after


def test_feeds_hold_only_approved_topics_of_public_forums(client, forums, member):
    make_topic(forums[PUBLIC], member, subject="Open topic")
    make_topic(forums[HELD], member, subject="Waiting topic", approved=False)
    make_topic(forums[MEMBERS_ONLY], member, subject="Members topic")
    make_topic(forums["Training and workforce"], member, subject="Rota topic")
    space = forums[SPACE]
    latest = reverse("forum_feeds:latest_topics")
    whole_space = _feeds(space)["forum and sub-forums"]
    for signed_in in (None, member):  # the same feed for a member as for a visitor
        if signed_in:
            client.force_login(signed_in)
        assert _titles(client, latest) == {"Open topic"}
        assert _titles(client, whole_space) == {"Open topic"}
        assert _titles(client, _feeds(space)["forum"]) == set()  # a space's own


def test_a_held_post_never_reaches_a_feed(client, forums, member):
    topic = make_topic(forums[PUBLIC], member, subject="Open topic", content="Opening")
    make_reply(topic, member, content="zanzibar", approved=False)
    # An approved topic whose opening post is held again (after an edit).
    rehel = make_topic(forums[PUBLIC], member, subject="Edited", content="quokka")
    Post.objects.filter(pk=rehel.first_post_id).update(approved=False)
    for path in _feeds(forums[PUBLIC]).values():
        response = client.get(path)
        assert response.status_code == 200
        text = response.content.decode()
        assert "Opening" in text
        assert "zanzibar" not in text
        assert "quokka" not in text


@pytest.mark.parametrize("forum_name", [MEMBERS_ONLY, "Training and workforce"])
def test_a_members_only_forums_feed_is_404_for_everyone(
    client, forums, member, moderator, administrator, pending, forum_name
):
    forum = forums[forum_name]
    make_topic(forum, member, subject="wombat")
    unknown = client.get(
        reverse("forum_feeds:forum_latest_topics", args=["nowhere", 987654])
    )
    assert unknown.status_code == 404
    for user in (None, pending, member, moderator, administrator):
        client.logout()
        if user is not None:
            client.force_login(user)
        for kind, path in _feeds(forum).items():
            if kind == "latest topics":
                continue
            response = client.get(path)
            assert response.status_code == 404, (user, path)
            text = response.content.decode()
            assert "wombat" not in text
            assert forum.name not in text, (user, path)


def test_a_forum_feed_under_an_old_slug_moves_to_the_current_one(client, forums):
    forum = forums[PUBLIC]
    response = client.get(
        reverse("forum_feeds:forum_latest_topics", args=["old-name", forum.pk])
    )
    assert response.status_code == 301
    assert response["Location"] == reverse(
        "forum_feeds:forum_latest_topics", args=[forum.slug, forum.pk]
    )


def test_a_feed_answers_post_with_405(client, forums):
    assert client.post(reverse("forum_feeds:latest_topics")).status_code == 405


def test_public_forum_pages_link_their_atom_feed_and_members_only_ones_none(
    client, forums, member
):
    client.force_login(member)
    index = client.get(reverse("forum:index")).content.decode()
    public, private = forums[PUBLIC], forums[MEMBERS_ONLY]
    assert _feeds(public)["forum and sub-forums"] in index
    assert f"{private.slug}-{private.pk}/topics" not in index
    assert 'type="application/atom+xml"' in index
    assert "application/rss+xml" not in index
    page = client.get(reverse("forum:forum", args=[private.slug, private.pk]))
    assert page.status_code == 200
    assert "/forum/feeds/" not in page.content.decode()


def test_a_forum_made_members_only_loses_its_feed_and_its_link(client, forums, member):
    from machina.core.db.models import get_model

    forum = forums[PUBLIC]
    make_topic(forum, member, subject="Soon private")
    client.force_login(member)
    feed = _feeds(forum)["forum and sub-forums"]
    assert feed in client.get(reverse("forum:index")).content.decode()
    get_model("forum_permission", "UserForumPermission").objects.filter(
        forum=forum, anonymous_user=True
    ).delete()
    get_model("forum_permission", "UserForumPermission").objects.filter(
        forum=forum, authenticated_user=True
    ).delete()
    assert feed not in client.get(reverse("forum:index")).content.decode()
    assert client.get(feed).status_code == 404
    assert (
        "Soon private"
        not in client.get(_feeds(forum)["latest topics"]).content.decode()
    )


def _feed_queries(client, path: str) -> int:
    client.get(path)  # warm-up
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_a_feeds_queries_do_not_grow_with_its_entries(client, forums):
    forum = forums[PUBLIC]
    paths = _feeds(forum)

    def add_topics(count: int, start: int) -> None:
        for n in range(start, start + count):
            poster = MemberProfileFactory(display_name=f"Poster {n}").user
            topic = make_topic(forum, poster, subject=f"Topic {n}")
            make_reply(topic, poster, content=f"Reply {n}")

    add_topics(2, 0)
    few = {kind: _feed_queries(client, path) for kind, path in paths.items()}
    add_topics(12, 2)
    many = {kind: _feed_queries(client, path) for kind, path in paths.items()}
    assert len(fetch_feed(client, paths["forum"]).findall(ATOM + "entry")) == 14
    assert few == many
    assert max(many.values()) <= 8, many


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
