"""The synthetic forum generator: bulk, machina-counted, searchable, removable."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from machina.core.db.models import get_model

from forum import synthetic
from forum.markup import render_markdown
from search import service
from search.models import IndexEntry

from .conftest import PUBLIC, make_reply, make_topic, topic_url

Forum = get_model("forum", "Forum")
ForumProfile = get_model("forum_member", "ForumProfile")
Post = get_model("forum_conversation", "Post")
Topic = get_model("forum_conversation", "Topic")

pytestmark = pytest.mark.django_db


def _synthetic_posts():
    return Post.objects.filter(topic__subject__startswith=synthetic.TOPIC_PREFIX)


def test_generate_makes_the_asked_number_of_approved_posts_in_new_topics(forums):
    call_command("generate_forum_posts", count=40, topics=5, seed=3, verbosity=0)
    topics = Topic.objects.filter(subject__startswith=synthetic.TOPIC_PREFIX)
    assert topics.count() == 5
    assert set(topics.values_list("forum__name", flat=True)) == {PUBLIC}
    assert _synthetic_posts().count() == 40
    assert not _synthetic_posts().filter(approved=False).exists()
    posters = set(_synthetic_posts().values_list("poster__username", flat=True))
    assert all(name.startswith(synthetic.POSTER_PREFIX) for name in posters)


def test_topic_forum_and_poster_counters_match_what_machina_would_store(forums):
    call_command("generate_forum_posts", count=40, topics=5, seed=3, verbosity=0)
    for topic in Topic.objects.filter(subject__startswith=synthetic.TOPIC_PREFIX):
        posts = topic.posts.order_by("created", "pk")
        assert topic.posts_count == posts.count()
        assert topic.first_post == posts.first()
        assert topic.first_post.subject == topic.subject
        assert topic.last_post == posts.last()
        assert topic.last_post_on == posts.last().created
    forum = Forum.objects.get(name=PUBLIC)
    approved = Topic.objects.filter(forum=forum, approved=True)
    assert forum.direct_topics_count == approved.count()
    assert (
        forum.direct_posts_count
        == Post.objects.filter(topic__in=approved, approved=True).count()
    )
    assert forum.last_post == approved.order_by("-last_post_on").first().last_post
    for profile in ForumProfile.objects.filter(
        user__username__startswith=synthetic.POSTER_PREFIX
    ):
        assert profile.posts_count == Post.objects.filter(poster=profile.user).count()


def test_stored_html_is_what_the_markdown_renderer_would_make(forums):
    call_command("generate_forum_posts", count=6, topics=2, seed=5, verbosity=0)
    for post in _synthetic_posts():
        assert post.content.rendered == render_markdown(post.content.raw)


def test_synthetic_topics_render_for_anonymous_readers(client, forums):
    call_command("generate_forum_posts", count=12, topics=2, seed=5, verbosity=0)
    topic = Topic.objects.filter(subject__startswith=synthetic.TOPIC_PREFIX).first()
    response = client.get(topic_url(topic))
    assert response.status_code == 200
    assert topic.first_post.content.raw.split(".")[0] in response.content.decode()


def test_every_synthetic_post_is_indexed_and_found_by_site_search(forums):
    call_command("generate_forum_posts", count=30, topics=3, seed=8, verbosity=0)
    keys = {
        f"forum_post:{pk}" for pk in _synthetic_posts().values_list("pk", flat=True)
    }
    entries = IndexEntry.objects.filter(key__in=keys, deleted=False)
    assert entries.count() == 30
    assert set(entries.values_list("audience", flat=True)) == {"public"}
    outcome = service.search(
        service.site_request("synthetic benchmark post", ["forum_post"], 1, ("public",))
    )
    assert outcome.count == 30


def test_remove_takes_away_synthetic_posts_topics_posters_and_index_entries_only(
    forums, member
):
    real_topic = make_topic(forums[PUBLIC], member, subject="A real question")
    make_reply(real_topic, member)
    call_command("generate_forum_posts", count=20, topics=2, seed=1, verbosity=0)
    call_command("generate_forum_posts", remove=True, verbosity=0)
    assert not Topic.objects.filter(subject__startswith=synthetic.TOPIC_PREFIX).exists()
    assert (
        not get_user_model()
        .objects.filter(username__startswith=synthetic.POSTER_PREFIX)
        .exists()
    )
    assert list(Topic.objects.values_list("subject", flat=True)) == ["A real question"]
    assert Post.objects.count() == 2
    assert (
        not IndexEntry.objects.filter(kind="forum_post", deleted=False)
        .exclude(object_id__in=Post.objects.values("pk"))
        .exists()
    )
    forum = Forum.objects.get(name=PUBLIC)
    assert (forum.direct_topics_count, forum.direct_posts_count) == (1, 2)
    assert forum.last_post == real_topic.posts.order_by("created").last()


def test_a_second_run_adds_new_topics_rather_than_clashing(forums):
    call_command("generate_forum_posts", count=4, topics=2, seed=1, verbosity=0)
    call_command("generate_forum_posts", count=4, topics=2, seed=1, verbosity=0)
    subjects = Topic.objects.filter(
        subject__startswith=synthetic.TOPIC_PREFIX
    ).values_list("subject", flat=True)
    assert len(set(subjects)) == 4


def test_fewer_posts_than_topics_is_refused_with_a_message(forums):
    with pytest.raises(CommandError, match="at least --topics"):
        call_command("generate_forum_posts", count=2, topics=5, verbosity=0)
    assert not Topic.objects.filter(subject__startswith=synthetic.TOPIC_PREFIX).exists()
