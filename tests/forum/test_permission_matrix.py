"""Every forum action for every role, with the exact expected outcome.

"ok" means the action happened; a denial is a redirect to sign in for
visitors (302 to the login page) and 403 for signed-in accounts. Reporting is
the exception for visitors: they are sent to the visitor report form.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from machina.core.db.models import get_model

from ehch import roles
from forum.models import PostReport

from .conftest import (
    MEMBERS_ONLY,
    PUBLIC,
    make_reply,
    make_topic,
    make_user,
    new_topic_url,
    reply_form_data,
    reply_url,
    topic_form_data,
    topic_url,
)

Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")

ROLES = ["anonymous", "pending", "member", "moderator", "administrator"]
OK, DENIED = "ok", "denied"

EXPECTED = {
    #                      anonymous pending  member  moderator administrator
    "read_public_forum": (OK, OK, OK, OK, OK),
    # Members-only is for approved members (issue 14): pending reads as visitors.
    "read_members_only_forum": (DENIED, DENIED, OK, OK, OK),
    "create_topic": (DENIED, DENIED, OK, OK, OK),
    "reply": (DENIED, DENIED, OK, OK, OK),
    "edit_own_post": (DENIED, DENIED, OK, OK, OK),
    "edit_others_post": (DENIED, DENIED, DENIED, OK, OK),
    "approve": (DENIED, DENIED, DENIED, OK, OK),
    "lock": (DENIED, DENIED, DENIED, OK, OK),
    "move": (DENIED, DENIED, DENIED, OK, OK),
    "delete": (DENIED, DENIED, DENIED, OK, OK),
    "pin": (DENIED, DENIED, DENIED, OK, OK),
    "report": ("visitor_form", OK, OK, OK, OK),
}


@pytest.fixture
def world(forums):
    """Users for every role plus content to act on."""
    author = make_user("author", roles.MEMBERS)
    users = {
        "anonymous": None,
        "pending": make_user(
            "pending",
        ),
        "member": make_user("member", roles.MEMBERS),
        "moderator": make_user("moderator", roles.MEMBERS, roles.MODERATORS),
        "administrator": make_user("administrator", roles.ADMINISTRATORS),
    }
    return {"users": users, "author": author, "forums": forums}


def _status_outcome(response, role) -> str:
    if response.status_code == 302 and role == "anonymous":
        return DENIED if "login" in response["Location"] else OK
    if response.status_code == 403:
        return DENIED
    if response.status_code in (200, 302):
        return OK
    return f"status {response.status_code}"


def _topic_edit_url(topic):
    return reverse(
        "forum_conversation:topic_update",
        kwargs={
            "forum_slug": topic.forum.slug,
            "forum_pk": topic.forum.pk,
            "slug": topic.slug,
            "pk": topic.pk,
        },
    )


def _post_edit_url(post):
    topic = post.topic
    return reverse(
        "forum_conversation:post_update",
        kwargs={
            "forum_slug": topic.forum.slug,
            "forum_pk": topic.forum.pk,
            "topic_slug": topic.slug,
            "topic_pk": topic.pk,
            "pk": post.pk,
        },
    )


def perform(action: str, client, user, world) -> str:
    """Try ``action`` as ``user``; return ok/denied as observed."""
    role = (
        "anonymous"
        if user is None
        else next(k for k, v in world["users"].items() if v == user)
    )
    public = world["forums"][PUBLIC]
    private = world["forums"][MEMBERS_ONLY]
    author = world["author"]
    topic = make_topic(public, author, subject="Target topic")

    if action == "read_public_forum":
        return _status_outcome(client.get(topic_url(topic)), role)
    if action == "read_members_only_forum":
        private_topic = make_topic(private, author, subject="Private topic")
        return _status_outcome(client.get(topic_url(private_topic)), role)
    if action == "create_topic":
        before = Topic.objects.count()
        response = client.post(
            new_topic_url(public), topic_form_data("New one", "Text")
        )
        outcome = _status_outcome(response, role)
        assert (Topic.objects.count() > before) == (outcome == OK)
        return outcome
    if action == "reply":
        response = client.post(reply_url(topic), reply_form_data("My reply"))
        outcome = _status_outcome(response, role)
        assert Post.objects.filter(content="My reply").exists() == (outcome == OK)
        return outcome
    if action in ("edit_own_post", "edit_others_post"):
        owner = author if action == "edit_others_post" or user is None else user
        own = make_reply(topic, owner, content="Original text")
        data = reply_form_data("Edited text")
        data["update_reason"] = "typo"
        response = client.post(_post_edit_url(own), data)
        outcome = _status_outcome(response, role)
        own.refresh_from_db()
        assert (own.content.raw == "Edited text") == (outcome == OK), response.content[
            :300
        ]
        return outcome
    if action == "approve":
        queued = make_reply(topic, author, content="Queued", approved=False)
        response = client.post(
            reverse("forum_moderation:approve_queued_post", kwargs={"pk": queued.pk})
        )
        outcome = _status_outcome(response, role)
        queued.refresh_from_db()
        assert queued.approved == (outcome == OK)
        return outcome
    if action == "lock":
        response = client.post(
            reverse(
                "forum_moderation:topic_lock",
                kwargs={"slug": topic.slug, "pk": topic.pk},
            )
        )
        outcome = _status_outcome(response, role)
        topic.refresh_from_db()
        assert topic.is_locked == (outcome == OK)
        return outcome
    if action == "move":
        target = world["forums"]["Measuring impact"]
        response = client.post(
            reverse(
                "forum_moderation:topic_move",
                kwargs={"slug": topic.slug, "pk": topic.pk},
            ),
            {"forum": target.pk},
        )
        outcome = _status_outcome(response, role)
        topic.refresh_from_db()
        assert (topic.forum_id == target.pk) == (outcome == OK)
        return outcome
    if action == "delete":
        response = client.post(
            reverse(
                "forum_moderation:topic_delete",
                kwargs={"slug": topic.slug, "pk": topic.pk},
            )
        )
        outcome = _status_outcome(response, role)
        assert (not Topic.objects.filter(pk=topic.pk).exists()) == (outcome == OK)
        return outcome
    if action == "pin":
        response = client.post(
            reverse(
                "forum_moderation:topic_update_to_sticky",
                kwargs={"slug": topic.slug, "pk": topic.pk},
            )
        )
        outcome = _status_outcome(response, role)
        topic.refresh_from_db()
        assert (topic.type == Topic.TOPIC_STICKY) == (outcome == OK)
        return outcome
    if action == "report":
        post = topic.first_post
        response = client.post(
            reverse("community_forum:report_post", kwargs={"pk": post.pk}),
            {"reason": "rude", "details": "Unkind"},
        )
        if role == "anonymous":
            assert response.status_code == 302
            assert response["Location"].startswith(
                reverse("community_forum:report_content")
            )
            return "visitor_form"
        outcome = _status_outcome(response, role)
        assert PostReport.objects.filter(post=post).exists() == (outcome == OK)
        return outcome
    raise AssertionError(action)


CASES = [
    (action, role, expected[i])
    for action, expected in EXPECTED.items()
    for i, role in enumerate(ROLES)
]


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "role", "expected"), CASES)
def test_permission_matrix(client, world, settings, action, role, expected):
    settings.FORUM_FIRST_POSTS_HELD = 0
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    assert perform(action, client, user, world) == expected
