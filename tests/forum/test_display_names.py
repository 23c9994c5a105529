"""People are shown by the name they chose: never a username or an email address.

Every door where a post appears (topic page, topic list, forum index, the
forum's feeds, site search and its JSON), the moderators' screens and the
emails name a member by their display name; a deleted member is "Former
member" and the id-based username never shows.
"""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from machina.core.db.models import get_model

from ehch import roles
from ehch.accounts.models import Status
from ehch.accounts.privacy import delete_member_account
from forum import moderation
from forum.models import ModerationLogEntry, PendingPostEdit, PostReport
from tests.members.factories import MemberProfileFactory
from tests.search import conftest as search_fixtures

from .conftest import (
    PUBLIC,
    make_reply,
    make_topic,
    make_user,
    reply_form_data,
    reply_url,
    topic_url,
)

Post = get_model("forum_conversation", "Post")

pytestmark = pytest.mark.django_db

# Site search on both engines, with the search tests' fixtures.
engine = search_fixtures.engine
reindex = search_fixtures.reindex

SHOWN = "Alice at Oak House"
USERNAME = "alice-q7x"
EMAIL = "alice.private@example.org"


def _with_profile(user, display_name: str):
    MemberProfileFactory(
        user=user,
        display_name=display_name,
        status=Status.APPROVED,
        decided_at=timezone.now(),
    )
    return user


@pytest.fixture
def alice(forums):
    """An approved member whose username and address must never show."""
    user = make_user(USERNAME, roles.MEMBERS)
    user.email = EMAIL
    user.save(update_fields=["email"])
    return _with_profile(user, SHOWN)


@pytest.fixture
def reader(forums):
    """Another approved member, reading."""
    return _with_profile(make_user("reader-b2c", roles.MEMBERS), "Bea Reader")


@pytest.fixture
def mod(forums):
    """A moderator with a display name of their own."""
    user = make_user("mod-k3d", roles.MEMBERS, roles.MODERATORS)
    return _with_profile(user, "Mo the Moderator")


@pytest.fixture
def thread(forums, alice, reader):
    """A public topic started by the reader, whose last post is Alice's."""
    topic = make_topic(forums[PUBLIC], reader, subject="Falls at night")
    post = make_reply(topic, alice, content="We use sensor mats zebracrossing")
    return {"forum": forums[PUBLIC], "topic": topic, "post": post}


def _doors(thread) -> dict[str, str]:
    forum = thread["forum"]
    return {
        "topic page": topic_url(thread["topic"]),
        "topic list": reverse(
            "forum:forum", kwargs={"slug": forum.slug, "pk": forum.pk}
        ),
        "forum index": reverse("forum:index"),
        "topics feed": reverse("forum_feeds:latest_topics"),
    }


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _assert_no_account_names(content: str, where: str) -> None:
    assert USERNAME not in content, where
    assert EMAIL not in content, where
    assert "former-member-" not in content, where


@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "member"])
def test_every_forum_door_shows_the_display_name_never_the_username(
    client, thread, alice, reader, signed_in
):
    if signed_in:
        client.force_login(reader)
    for where, url in _doors(thread).items():
        content = _page(client, url)
        _assert_no_account_names(content, where)
        if where != "topics feed":  # the feed names each topic's starter
            assert SHOWN in content, where
    assert "Bea Reader" in _page(client, _doors(thread)["topics feed"])


def test_names_link_to_the_members_profile_for_signed_in_readers_only(
    client, thread, alice, reader
):
    profile = reverse("members:profile", args=[alice.pk])
    listed = ("topic page", "topic list", "forum index")
    doors = _doors(thread)
    for where in listed:
        assert f'href="{profile}"' not in _page(client, doors[where]), where
    client.force_login(reader)
    for where in listed:
        link = f'href="{profile}">{SHOWN}</a>'
        assert link in _page(client, doors[where]), where
    response = client.get(profile)
    assert response.status_code == 200
    assert SHOWN in response.content.decode()


def test_site_search_and_its_json_never_name_the_poster_by_username(
    client, thread, alice, reindex
):
    reindex()
    html = _page(client, "/search/?q=zebracrossing")
    assert "Falls at night" in html
    _assert_no_account_names(html, "search page")
    response = client.get("/search/?q=zebracrossing&format=json")
    assert response.status_code == 200
    assert "Falls at night" in response.content.decode()
    _assert_no_account_names(response.content.decode(), "search JSON")


def test_after_deletion_every_door_says_former_member(client, thread, alice, reader):
    delete_member_account(alice)
    alice.refresh_from_db()
    assert alice.get_username().startswith("former-member-")
    for signed_in in (False, True):
        if signed_in:
            client.force_login(reader)
        for where, url in _doors(thread).items():
            content = _page(client, url)
            _assert_no_account_names(content, where)
            assert SHOWN not in content, where
            if where != "topics feed":
                assert "Former member" in content, where
    # A former member has no profile to open, so their name is not a link.
    assert reverse("members:profile", args=[alice.pk]) not in _page(
        client, topic_url(thread["topic"])
    )


@pytest.fixture
def moderated(thread, alice, reader, mod):
    """Something in every moderator screen, each done by Alice."""
    held = make_reply(thread["topic"], alice, content="Held words", approved=False)
    edit = PendingPostEdit.objects.create(
        post=thread["post"],
        author=alice,
        subject="Re: Falls at night",
        content="Edited words",
        hold_reason="Watched word",
    )
    report = PostReport.objects.create(
        post=thread["topic"].first_post,
        post_excerpt="First post",
        reporter=alice,
        reason=PostReport.Reason.RUDE,
    )
    moderation.log_action(alice, ModerationLogEntry.Action.GRANT_MODERATOR)
    return {"held": held, "edit": edit, "report": report}


def _moderator_screens(moderated) -> dict[str, str]:
    return {
        "moderation queue": reverse("forum_moderation:queue"),
        "queued post": reverse(
            "forum_moderation:queued_post", kwargs={"pk": moderated["held"].pk}
        ),
        "held edit": reverse(
            "community_forum:held_edit", kwargs={"pk": moderated["edit"].pk}
        ),
        "report queue": reverse("community_forum:report_queue"),
        "report": reverse(
            "community_forum:report_detail", kwargs={"pk": moderated["report"].pk}
        ),
        "moderation log": reverse("community_forum:moderation_log"),
    }


def test_moderator_screens_show_display_names(client, moderated, mod):
    client.force_login(mod)
    for where, url in _moderator_screens(moderated).items():
        content = _page(client, url)
        _assert_no_account_names(content, where)
        assert SHOWN in content, where


def test_moderator_screens_show_a_deleted_member_as_former_member(
    client, moderated, alice, mod
):
    screens = _moderator_screens(moderated)
    delete_member_account(alice)
    client.force_login(mod)
    # Deletion removes the member's held edits (personal_data.py): gone, not
    # shown under another name.
    assert client.get(screens.pop("held edit")).status_code == 404
    for where, url in screens.items():
        content = _page(client, url)
        _assert_no_account_names(content, where)
        assert "Former member" in content, where


def test_a_new_post_email_names_the_poster_and_greets_by_display_name(
    client, thread, alice, reader, no_hold
):
    thread["topic"].subscribers.add(reader)
    client.force_login(alice)
    response = client.post(reply_url(thread["topic"]), reply_form_data("More ideas"))
    assert response.status_code == 302
    (email,) = [m for m in mail.outbox if m.to == [reader.email]]
    assert "Hello Bea Reader," in email.body
    assert f"{SHOWN} wrote:" in email.body
    assert USERNAME not in email.body and EMAIL not in email.body


def test_a_topic_page_has_canonical_and_open_graph_tags_on_site_url(
    client, thread, settings
):
    settings.SITE_URL = "https://network.example.org"
    path = topic_url(thread["topic"])
    html = _page(client, path)
    url = "https://network.example.org" + path
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert f'<meta property="og:title" content="{thread["topic"].subject}">' in html
