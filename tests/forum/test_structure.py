"""The forum tree, its permissions and the demo content are made in code."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from machina.core.db.models import get_model

from forum.demo import load_forum_demo
from forum.structure import TREE

from .conftest import HELD, MEMBERS_ONLY, PUBLIC, make_topic, topic_url

Forum = get_model("forum", "Forum")
Post = get_model("forum_conversation", "Post")
GroupForumPermission = get_model("forum_permission", "GroupForumPermission")
UserForumPermission = get_model("forum_permission", "UserForumPermission")

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Forum.objects.count(),
        GroupForumPermission.objects.count(),
        UserForumPermission.objects.count(),
    )


def test_setup_forum_creates_the_three_spaces_and_seven_topic_forums():
    call_command("setup_forum", verbosity=0)
    categories = set(
        Forum.objects.filter(type=Forum.FORUM_CAT).values_list("name", flat=True)
    )
    assert categories == {"Front-line leaders", "Service leaders", "System leaders"}
    names = set(
        Forum.objects.filter(type=Forum.FORUM_POST).values_list("name", flat=True)
    )
    assert names == {
        "Getting started",
        "Engaging GPs and primary care",
        "Working with hospitals",
        "Training and workforce",
        "Information sharing and IT",
        "Measuring impact",
        "Residents and families",
    }
    assert {f.name for c in TREE for f in c.forums} == names


def test_setup_forum_run_twice_changes_nothing():
    call_command("setup_forum", verbosity=0)
    first = _counts()
    call_command("setup_forum", verbosity=0)
    assert _counts() == first


def test_public_forums_are_read_by_visitors_and_members_only_ones_are_not(
    client, forums, member
):
    public = make_topic(forums[PUBLIC], member, subject="Open question")
    private = make_topic(forums[MEMBERS_ONLY], member, subject="Private question")
    assert client.get(topic_url(public)).status_code == 200
    response = client.get(topic_url(private))
    assert response.status_code == 302
    index = client.get("/forum/").content.decode()
    assert PUBLIC in index
    assert MEMBERS_ONLY not in index


def test_every_post_in_the_residents_forum_waits_for_a_moderator(
    client, forums, member, no_hold
):
    from .conftest import new_topic_url, topic_form_data

    client.force_login(member)
    response = client.post(
        new_topic_url(forums[HELD]), topic_form_data("Visiting times", "Our view.")
    )
    assert response.status_code == 302
    assert Post.objects.get(subject="Visiting times").approved is False


def test_load_demo_adds_illustrative_topics_once():
    added = load_forum_demo()
    assert added >= 3
    assert load_forum_demo() == 0
    posts = Post.objects.all()
    assert posts.count() >= 8
    assert all("Illustrative example" in p.content.raw for p in posts)
    assert posts.filter(poster__username__startswith="demo.").count() == posts.count()


def test_published_posts_are_the_approved_ones_in_public_forums(forums, member):
    from forum.public import is_public, published_posts

    public = make_topic(forums[PUBLIC], member, subject="Open")
    private = make_topic(forums[MEMBERS_ONLY], member, subject="Closed")
    held = make_topic(forums[PUBLIC], member, subject="Held", approved=False)
    assert set(published_posts()) == {public.first_post}
    assert is_public(public.first_post)
    assert not is_public(private.first_post) and not is_public(held.first_post)
