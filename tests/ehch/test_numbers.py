"""One helper reads every id and number; the requests that gave 500 now do not."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ehch.numbers import MAX_ID, parse_id, parse_ids, parse_int, parse_page
from forum.structure import ensure_forum_tree
from tests.casestudies.factories import CaseStudyFactory, build_site
from tests.forum.conftest import PUBLIC, make_topic
from tests.members.factories import approved_member


@pytest.mark.parametrize(
    "raw", ["²", "٣", "１２", "", " 1", "1 ", "+1", "1.0", "1e3", "abc", "a\x00", None]
)
def test_anything_but_ascii_digits_is_not_a_number(raw):
    assert parse_int(raw) is None
    assert parse_id(raw) is None


def test_ascii_digits_are_read_within_range():
    assert parse_int("42") == 42
    assert parse_int("-3") == -3
    assert parse_id("-3") is None
    assert parse_id("0") is None
    assert parse_id(str(MAX_ID)) == MAX_ID
    assert parse_id(str(MAX_ID + 1)) is None
    assert parse_id("9" * 40) is None
    assert parse_page("²") == 1
    assert parse_page("3") == 3


def test_id_lists_keep_order_drop_repeats_and_refuse_any_bad_part():
    assert parse_ids(["3,1", "3", " ", "2"]) == [3, 1, 2]
    assert parse_ids(["1", "²"]) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/case-studies/compare/?ids=1&ids=%C2%B2",
        "/case-studies/compare/?ids=%D9%A3,1",
        "/case-studies/?compare=%C2%B2",
        "/case-studies/?page=%D9%A3",
        "/search/?q=care&page=%C2%B2",
        "/forum/tools/report/?post=%C2%B2",
    ],
)
def test_non_ascii_digits_in_parameters_are_refused_or_ignored_not_500(client, url):
    _, index = build_site()
    CaseStudyFactory(parent=index)
    assert client.get(url).status_code in {200, 400}


@pytest.mark.django_db
def test_non_ascii_compare_ids_name_the_bad_part(client):
    _, index = build_site()
    CaseStudyFactory(parent=index)
    response = client.get("/case-studies/compare/?ids=1&ids=%C2%B2")
    assert response.status_code == 400
    assert "“²” is not a case study number." in response.content.decode()


@pytest.mark.django_db
def test_forum_ids_that_are_not_ids_are_not_found(client):
    forum = ensure_forum_tree()[PUBLIC]
    member = approved_member()
    topic = make_topic(forum, member)
    client.force_login(member)
    assert client.get("/forum/member/profile/abc/").status_code == 404
    assert client.get("/forum/member/profile/abc/posts/").status_code == 404
    # machina's public profile sends everyone on to the site's member profile;
    # "My posts" answers its member.
    response = client.get(f"/forum/member/profile/{member.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/members/{member.pk}/"
    assert client.get(f"/forum/member/profile/{member.pk}/posts/").status_code == 200
    assert client.get("/forum/tracking/mark/forum/999999/topics/").status_code == 404
    assert client.post("/forum/tracking/mark/forum/999999/topics/").status_code == 404
    assert client.get("/forum/forum/x-0/topic/create/").status_code == 404
    topic_url = reverse(
        "forum_conversation:topic",
        kwargs={
            "forum_slug": forum.slug,
            "forum_pk": forum.pk,
            "slug": topic.slug,
            "pk": topic.pk,
        },
    )
    assert client.get(topic_url + "?post=%C2%B2").status_code == 200


@pytest.mark.django_db
def test_a_nul_in_a_member_name_is_not_found(client):
    client.force_login(approved_member())
    assert client.get("/members/a%00b/").status_code == 404
