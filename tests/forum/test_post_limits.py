"""A forum post has a size limit; a refused form does not use up the posting limit."""

from __future__ import annotations

from machina.core.db.models import get_model

from tests.forum.conftest import (
    PUBLIC,
    make_topic,
    new_topic_url,
    reply_form_data,
    reply_url,
    topic_form_data,
)
from tests.forum.test_posting_rules import frozen_window  # noqa: F401 - a fixture

Post = get_model("forum_conversation", "Post")


def test_a_post_over_the_size_limit_is_refused_with_a_clear_message(
    client, forums, member, settings, no_hold
):
    settings.FORUM_POST_MAX_CHARS = 1000
    client.force_login(member)
    response = client.post(
        new_topic_url(forums[PUBLIC]), topic_form_data("Long", "x" * 1001)
    )
    assert response.status_code == 200
    assert "Your message is 1,001 characters long. Posts can be up to 1,000" in (
        response.content.decode()
    )
    assert not Post.objects.filter(subject="Long").exists()
    response = client.post(
        new_topic_url(forums[PUBLIC]), topic_form_data("Long", "x" * 1000)
    )
    assert response.status_code == 302


def test_refused_forms_do_not_count_against_the_posting_limit(
    client,
    forums,
    member,
    moderator,
    settings,
    no_hold,
    frozen_window,  # noqa: F811
):
    settings.FORUM_POST_RATE = (2, 300)
    settings.FORUM_POST_MAX_CHARS = 100
    topic = make_topic(forums[PUBLIC], moderator)
    client.force_login(member)
    for _ in range(4):  # refused: too long, or no message at all
        assert (
            client.post(reply_url(topic), reply_form_data("y" * 101)).status_code == 200
        )
        assert client.post(reply_url(topic), reply_form_data("")).status_code == 200
    assert client.post(reply_url(topic), reply_form_data("one")).status_code == 302
    assert client.post(reply_url(topic), reply_form_data("two")).status_code == 302
    response = client.post(reply_url(topic), reply_form_data("three"))
    assert "please wait" in response.content.decode()
