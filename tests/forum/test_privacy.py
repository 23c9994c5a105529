"""Leak matrix: the forum's private items x every forum door x every role (issue 14).

Each kind of private item is made once per test; each door is asked, as each
role, whether the item shows; the answer must be exactly the expected set of
roles. A held item is for its author and its forum's moderators only; a
members-only post for approved members, moderators and administrators.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from machina.core.db.models import get_model

from ehch.accounts.models import Status
from forum import notifications
from forum.digests import digest_period
from forum.models import ForumSubscription
from forum.structure import grant_forum_moderator
from tests.forum.conftest import HELD, MEMBERS_ONLY, PUBLIC, make_reply, make_topic
from tests.members.factories import (
    MemberProfileFactory,
    approved_member,
    editor,
    moderator,
    pending_member,
)

# Both search engines, as in tests/search (each search test runs on each).
from tests.search.conftest import engine, refresh, reindex  # noqa: F401

Attachment = get_model("forum_attachments", "Attachment")

ROLES = [
    "visitor",
    "pending",
    "rejected",
    "author",  # the member who wrote the item
    "another member",
    "moderator",
    "forum moderator",  # scoped to the item's forum
    "other forum moderator",  # scoped to a forum without the item
    "editor",
]
OTHER_FORUM = "Measuring impact"
HELD_READERS = {"author", "moderator", "forum moderator"}
APPROVED_READERS = {
    "author",
    "another member",
    "moderator",
    "forum moderator",
    "other forum moderator",
}
NOBODY: set[str] = set()

# The kinds of private item; each holds one word found nowhere else.
ITEMS = {
    "held post": "zanzibar",
    "held topic": "quokka",
    "attachment of a held post": "pangolin",
    "reply in a held topic": "narwhal",
    "members-only post": "wombat",
}
WHO_MAY_SEE = {
    "held post": HELD_READERS,
    "held topic": HELD_READERS,
    "attachment of a held post": HELD_READERS,
    "reply in a held topic": HELD_READERS,
    "members-only post": APPROVED_READERS,
}


@pytest.fixture
def people(forums):
    """One account per role (the visitor has none)."""
    users = {
        "pending": pending_member(),
        "rejected": MemberProfileFactory(
            status=Status.REJECTED, decided_at=timezone.now()
        ).user,
        "author": approved_member(),
        "another member": approved_member(),
        "moderator": moderator(),
        "forum moderator": approved_member(),
        "other forum moderator": approved_member(),
        "editor": editor(),
    }
    for name in (PUBLIC, HELD, MEMBERS_ONLY):
        grant_forum_moderator(users["forum moderator"], forums[name])
    grant_forum_moderator(users["other forum moderator"], forums[OTHER_FORUM])
    return users


@pytest.fixture
def world(forums, people):
    """Every kind of private item, each with its own word; returns what was made."""
    author = people["author"]
    open_topic = make_topic(forums[PUBLIC], author, subject="An open topic")
    held_post = make_reply(open_topic, author, content="zanzibar", approved=False)
    held_post.subject = "zanzibar"
    held_post.save()
    held_topic = make_topic(
        forums[HELD], author, subject="quokka", content="quokka", approved=False
    )
    with_file = make_reply(open_topic, author, content="pangolin", approved=False)
    attachment = Attachment.objects.create(
        post=with_file, file=SimpleUploadedFile("pangolin.txt", b"pangolin notes")
    )
    hidden = make_topic(
        forums[HELD], author, subject="Held for a moderator", approved=False
    )
    reply_in_held = make_reply(
        hidden, people["forum moderator"], content="narwhal", approved=True
    )
    members_only = make_topic(
        forums[MEMBERS_ONLY], author, subject="wombat", content="wombat"
    )
    return {
        "open topic": open_topic,
        "held post": held_post,
        "held topic": held_topic.first_post,
        "attachment of a held post": attachment,
        "reply in a held topic": reply_in_held,
        "members-only post": members_only.first_post,
    }


# Doors that show published items only: nothing held, members-only for readers.
PUBLISHED_ONLY = {
    **dict.fromkeys(ITEMS, NOBODY),
    "members-only post": APPROVED_READERS,
}


def _as(client, people, role):
    client.logout()
    if role != "visitor":
        client.force_login(people[role])


def _seen_by(client, people, url: str, word: str) -> set[str]:
    seen = set()
    for role in ROLES:
        _as(client, people, role)
        response = client.get(url)
        assert response.status_code < 500, (role, url)
        if response.status_code == 200 and word in response.content.decode():
            seen.add(role)
    return seen


def _post_of(item):
    return item.post if isinstance(item, Attachment) else item


def _topic_page(item, word: str) -> str:
    return notifications.topic_path(_post_of(item).topic)


def _forum_page(item, word: str) -> str:
    forum = _post_of(item).topic.forum
    return reverse("forum:forum", kwargs={"slug": forum.slug, "pk": forum.pk})


def _forum_feed(item, word: str) -> str:
    forum = _post_of(item).topic.forum
    return reverse("forum_feeds:forum_latest_topics", args=[forum.slug, forum.pk])


def _space_feed(item, word: str) -> str:
    space = _post_of(item).topic.forum.parent
    return reverse(
        "forum_feeds:forum_latest_topics_with_descendants", args=[space.slug, space.pk]
    )


# (item, door) -> who sees the item's word there. machina lists and shows
# approved posts and topics only, so a held item appears on no list and no
# topic page (moderators read it in the queue); a held topic's own page is
# for its author and moderators.
PAGE_DOORS = {
    "topic page": (
        _topic_page,
        {
            "held post": NOBODY,
            "held topic": HELD_READERS,
            "attachment of a held post": NOBODY,
            "reply in a held topic": HELD_READERS,
            "members-only post": APPROVED_READERS,
        },
    ),
    "forum page": (
        _forum_page,
        PUBLISHED_ONLY,
    ),
    "forum index (last posts)": (
        lambda item, word: reverse("forum:index"),
        PUBLISHED_ONLY,
    ),
    # A feed reader carries no session: every feed holds what a visitor sees,
    # whoever asks, and a members-only forum's feed is 404 for everyone.
    "latest topics feed": (
        lambda item, word: reverse("forum_feeds:latest_topics"),
        dict.fromkeys(ITEMS, NOBODY),
    ),
    "the item's forum's feed": (
        _forum_feed,
        dict.fromkeys(ITEMS, NOBODY),
    ),
    "the item's space's feed (with its forums)": (
        _space_feed,
        dict.fromkeys(ITEMS, NOBODY),
    ),
    "member's posts page": (
        lambda item, word: reverse(
            "forum_member:user_posts", kwargs={"pk": _post_of(item).poster_id}
        ),
        # "My posts" answers its own member only, who sees their held posts.
        {
            **dict.fromkeys(ITEMS, {"author"}),
            "reply in a held topic": {"forum moderator"},
        },
    ),
    "member's profile page": (
        lambda item, word: reverse(
            "forum_member:profile", kwargs={"pk": _post_of(item).poster_id}
        ),
        dict.fromkeys(ITEMS, NOBODY),
    ),
    # machina's old search address only redirects (to the site search for
    # forum posts, itself a door here): the redirect carries no content.
    "machina's old forum search address": (
        lambda item, word: reverse("forum_search:search") + f"?q={word}",
        dict.fromkeys(ITEMS, NOBODY),
    ),
    "reply form": (
        lambda item, word: reverse(
            "forum_conversation:post_create",
            kwargs={
                "forum_slug": _post_of(item).topic.forum.slug,
                "forum_pk": _post_of(item).topic.forum_id,
                "topic_slug": _post_of(item).topic.slug,
                "topic_pk": _post_of(item).topic_id,
            },
        ),
        {
            "held post": NOBODY,
            # The reply form names the topic: for those who may post there
            # and see it (not the CMS-only editor or a pending account).
            "held topic": HELD_READERS,
            "attachment of a held post": NOBODY,
            "reply in a held topic": HELD_READERS,
            "members-only post": APPROVED_READERS,
        },
    ),
}
PAGE_CASES = [(door, item) for door in PAGE_DOORS for item in ITEMS]


@pytest.mark.parametrize(("door", "item"), PAGE_CASES)
def test_each_page_door_shows_each_private_item_to_exactly_its_readers(
    client, people, world, door, item
):
    url_of, expected = PAGE_DOORS[door]
    word = ITEMS[item]
    assert _seen_by(client, people, url_of(world[item], word), word) == expected[item]


def test_the_attachment_of_a_held_post_downloads_only_for_its_readers(
    client, people, world
):
    attachment = world["attachment of a held post"]
    url = reverse("forum_conversation:attachment", kwargs={"pk": attachment.pk})
    downloaded = set()
    for role in ROLES:
        _as(client, people, role)
        response = client.get(url)
        assert response.status_code in {200, 302, 403, 404}, role
        if response.status_code == 200:
            assert b"".join(response) == b"pangolin notes"
            downloaded.add(role)
    assert downloaded == HELD_READERS


def test_an_attachment_of_a_published_post_still_downloads_for_members(
    client, people, world
):
    post = world["open topic"].first_post
    attachment = Attachment.objects.create(
        post=post, file=SimpleUploadedFile("open.txt", b"open notes")
    )
    url = reverse("forum_conversation:attachment", kwargs={"pk": attachment.pk})
    client.force_login(people["another member"])
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("item", list(ITEMS))
def test_site_search_finds_each_private_item_only_for_its_readers(
    client,
    people,
    world,
    reindex,  # noqa: F811 (the fixture imported above)
    item,
):
    reindex()
    word = ITEMS[item]
    expected = PUBLISHED_ONLY[item]  # held items are never indexed
    found = set()
    for role in ROLES:
        _as(client, people, role)
        results = client.get(f"/search/?q={word}&format=json").json()["results"]
        # The forum's own search box: the same search, filtered to forum posts.
        in_forum = client.get(f"/search/?q={word}&type=forum_post&format=json").json()[
            "results"
        ]
        assert bool(in_forum) == bool(results), (role, in_forum, results)
        if results:  # the word is found nowhere else
            found.add(role)
    assert found == expected


def _follow_everything(people, forums, *, digest: bool):
    for user in people.values():
        for name in (PUBLIC, HELD, MEMBERS_ONLY):
            ForumSubscription.objects.update_or_create(
                user=user, forum=forums[name], defaults={"daily_digest": digest}
            )


def _emailed(people, word: str) -> set[str]:
    roles_by_address = {user.email: role for role, user in people.items()}
    told = set()
    for message in mail.outbox:
        if word in message.subject + message.body:
            told.update(roles_by_address[address] for address in message.to)
    return told


@pytest.mark.parametrize("item", list(ITEMS))
def test_new_post_emails_tell_only_the_items_readers(people, world, forums, item):
    _follow_everything(people, forums, digest=False)
    post = _post_of(world[item])
    for user in people.values():
        post.topic.subscribers.add(user)  # followed before it was held, say
    mail.outbox.clear()
    notifications.notify_new_post(post)
    expected = {
        "held post": NOBODY,  # held posts send nothing until approved
        "held topic": NOBODY,
        "attachment of a held post": NOBODY,
        # Posted by the forum moderator, who is not emailed about their own.
        "reply in a held topic": {"author", "moderator"},
        "members-only post": APPROVED_READERS - {"author"},
    }[item]
    assert _emailed(people, ITEMS[item]) == expected


@pytest.mark.parametrize("item", list(ITEMS))
def test_the_daily_digest_lists_only_topics_its_reader_may_see(
    people, world, forums, item
):
    _follow_everything(people, forums, digest=True)
    mail.outbox.clear()
    # Sent at the next cut-off, so the day it covers holds the topics made now.
    next_cutoff = digest_period(timezone.now())[1] + timedelta(days=1)
    notifications.send_daily_digests(now=next_cutoff)
    expected = PUBLISHED_ONLY[item]  # the digest lists published topics
    assert _emailed(people, ITEMS[item]) == expected


def test_a_pending_account_reads_exactly_what_a_visitor_reads(
    client, people, world, forums
):
    pages = [reverse("forum:index")] + [
        reverse("forum:forum", kwargs={"slug": f.slug, "pk": f.pk})
        for f in forums.values()
    ]
    for url in pages:
        client.logout()
        visitor = client.get(url)
        for role in ("pending", "rejected", "editor"):
            client.force_login(people[role])
            response = client.get(url)
            if visitor.status_code == 200:
                assert response.status_code == 200, (role, url)
            else:
                assert response.status_code in {302, 403}, (role, url)
            for word in ITEMS.values():
                assert word not in response.content.decode(), (role, url)


@pytest.mark.parametrize(
    ("role", "notice"),
    [
        ("pending", "Your membership is waiting for approval"),
        ("rejected", "Your membership was not approved"),
    ],
)
def test_a_pending_or_rejected_account_is_told_why_it_reads_only_public_forums(
    client, people, forums, role, notice
):
    client.force_login(people[role])
    assert notice in client.get(reverse("forum:index")).content.decode()
    members_only = forums[MEMBERS_ONLY]
    response = client.get(
        reverse(
            "forum:forum", kwargs={"slug": members_only.slug, "pk": members_only.pk}
        )
    )
    assert response.status_code == 403
    assert notice in response.content.decode()


def test_an_approved_member_sees_no_reading_notice(client, people):
    client.force_login(people["another member"])
    html = client.get(reverse("forum:index")).content.decode()
    assert "ehch-reading-notice" not in html


def test_a_forum_scoped_moderator_reads_only_their_forums_in_the_moderation_log(
    client, people, world, forums
):
    from forum import moderation
    from forum.models import ModerationLogEntry

    open_topic = world["open topic"]
    moderation.log_action(
        people["moderator"], ModerationLogEntry.Action.LOCK, topic=open_topic
    )
    held_topic = world["held topic"].topic
    moderation.log_action(
        people["moderator"], ModerationLogEntry.Action.LOCK, topic=held_topic
    )
    url = reverse("community_forum:moderation_log")

    client.force_login(people["other forum moderator"])
    html = client.get(url).content.decode()
    assert "An open topic" not in html and "quokka" not in html

    client.force_login(people["moderator"])
    html = client.get(url).content.decode()
    assert "An open topic" in html and "quokka" in html

    # Scoped to "Getting started" only: the held forum's entry is not theirs.
    scoped = approved_member()
    grant_forum_moderator(scoped, forums[PUBLIC])
    client.force_login(scoped)
    html = client.get(url).content.decode()
    assert "An open topic" in html and "quokka" not in html


def test_the_admin_moderation_log_is_scoped_the_same_way(people, world, forums, rf):
    from django.contrib.admin.sites import site

    from forum import moderation
    from forum.models import ModerationLogEntry

    moderation.log_action(
        people["moderator"], ModerationLogEntry.Action.LOCK, topic=world["open topic"]
    )
    admin = site._registry[ModerationLogEntry]
    request = rf.get("/")
    request.user = people["other forum moderator"]
    assert not admin.get_queryset(request).exists()
    request.user = people["moderator"]
    locks = admin.get_queryset(request).filter(action=ModerationLogEntry.Action.LOCK)
    assert locks.count() == 1
