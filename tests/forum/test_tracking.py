"""Unread forums: our in-memory ancestors give machina's answer, in fewer queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from machina.apps.forum_permission.handler import PermissionHandler
from machina.core.db.models import get_model
from machina.core.loading import get_class

from .conftest import MEMBERS_ONLY, PUBLIC, make_reply, make_topic

Forum = get_model("forum", "Forum")
ForumReadTrack = get_model("forum_tracking", "ForumReadTrack")
TrackingHandler = get_class("forum_tracking.handler", "TrackingHandler")

pytestmark = pytest.mark.django_db


def _handler(user):
    request = RequestFactory().get("/forum/")
    request.user = user
    request.forum_permission_handler = PermissionHandler()
    return TrackingHandler(request)


def _machinas_answer(user) -> set:
    forums = Forum.objects.all()
    return {
        f.pk for f in ForumReadTrack.objects.get_unread_forums_from_list(forums, user)
    }


def test_the_override_is_the_handler_machina_uses():
    assert TrackingHandler.__module__ == "forum.overrides.forum_tracking.handler"


def test_unread_forums_match_machinas_in_every_state(forums, member, moderator):
    public, members_only = forums[PUBLIC], forums[MEMBERS_ONLY]
    assert not (public.is_root_node() or members_only.is_root_node())

    def ours() -> set:
        return {
            f.pk
            for f in _handler(member).get_unread_forums_from_list(
                member, Forum.objects.all()
            )
        }

    # Nothing posted: nothing unread.
    assert ours() == _machinas_answer(member) == set()
    # Topics never read: their forum and its space are unread.
    topic = make_topic(public, moderator)
    make_topic(members_only, moderator)
    assert ours() == _machinas_answer(member)
    assert {public.pk, public.parent_id} <= ours()
    # Read up to now: no longer unread.
    now = timezone.now() + timedelta(seconds=1)
    for forum in (public, members_only):
        ForumReadTrack.objects.create(user=member, forum=forum, mark_time=now)
    assert ours() == _machinas_answer(member) == set()
    # A new reply after the mark: unread again, with its ancestors.
    reply = make_reply(topic, moderator)
    type(reply.topic).objects.filter(pk=topic.pk).update(
        last_post_on=now + timedelta(minutes=5)
    )
    Forum.objects.filter(pk=public.pk).update(last_post_on=now + timedelta(minutes=5))
    assert ours() == _machinas_answer(member)
    assert public.pk in ours() and members_only.pk not in ours()


def test_the_index_costs_the_same_however_many_forums_are_unread(
    client, forums, member, moderator
):
    client.force_login(member)
    make_topic(forums[PUBLIC], moderator)
    client.get("/forum/")
    with CaptureQueriesContext(connection) as one_unread:
        client.get("/forum/")
    for name, forum in forums.items():
        if not forum.is_root_node() and name != PUBLIC:
            make_topic(forum, moderator, subject=f"New in {name}")
    with CaptureQueriesContext(connection) as many_unread:
        html = client.get("/forum/").content.decode()
    assert html.count("unread") >= 2
    assert len(many_unread) == len(one_unread)
