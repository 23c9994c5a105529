"""Each post shows the poster's role and leadership level, when they have a profile."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forum.templatetags.community_forum_tags import member_role

from .conftest import PUBLIC, make_reply, make_topic, topic_url


def test_member_role_is_empty_without_a_profile():
    assert member_role(None) == ""
    assert member_role(SimpleNamespace()) == ""


def test_member_role_joins_role_and_level_and_respects_hiding():
    profile = SimpleNamespace(
        get_role_display=lambda: "GP",
        get_leadership_level_display=lambda: "Service",
        show_role=True,
        show_leadership_level=True,
    )
    assert member_role(SimpleNamespace(member_profile=profile)) == "GP · Service"
    profile.show_role = False
    assert member_role(SimpleNamespace(member_profile=profile)) == "Service"


def _profile(user, role, level):
    MemberProfile = apps.get_model("members", "MemberProfile")
    return MemberProfile.objects.create(
        user=user,
        display_name=user.username,
        role=role,
        organisation_type="general-practice",
        region="london",
        leadership_level=level,
        status="approved",
        decided_at="2026-01-01T00:00:00Z",
    )


@pytest.mark.django_db
def test_the_topic_page_shows_role_and_level_beside_each_name_in_constant_queries(
    client, forums, member, moderator
):
    _profile(member, "gp", "service")
    topic = make_topic(forums[PUBLIC], member, subject="Roles")
    make_reply(topic, moderator)  # no profile: shows the name only
    html = client.get(topic_url(topic)).content.decode()
    assert "(GP · Service)" in html
    client.get(topic_url(topic))
    with CaptureQueriesContext(connection) as few:
        client.get(topic_url(topic))
    for _ in range(5):
        make_reply(topic, member)
    client.get(topic_url(topic))
    with CaptureQueriesContext(connection) as more:
        client.get(topic_url(topic))
    assert len(few.captured_queries) == len(more.captured_queries)
