"""Site-wide search over pages, forum posts and statements, on both engines."""

import pytest
from django.contrib.auth import get_user_model
from machina.apps.forum_permission.models import ForumPermission, UserForumPermission
from machina.test.factories import PostFactory, create_forum, create_topic

from search import es_index
from search.models import IndexEntry
from tests.casestudies.factories import CaseStudyFactory, build_site

pytestmark = pytest.mark.django_db


def _allow_anonymous_read(forum):
    for codename in ("can_see_forum", "can_read_forum"):
        UserForumPermission.objects.create(
            forum=forum,
            permission=ForumPermission.objects.get(codename=codename),
            anonymous_user=True,
            has_perm=True,
        )


@pytest.fixture
def content():
    _, index = build_site()
    CaseStudyFactory(
        parent=index, title="Hydration rounds", summary="Water rounds in homes."
    )
    author = get_user_model().objects.create_user(
        "poster", "poster@example.org", "x" * 12
    )
    public = create_forum(name="Getting started")
    _allow_anonymous_read(public)
    private = create_forum(name="System leaders")
    topic = create_topic(forum=public, poster=author, subject="Hydration in summer")
    PostFactory(
        topic=topic,
        poster=author,
        subject="Hydration in summer",
        content="We tried hydration stations in every lounge.",
    )
    hidden = create_topic(forum=private, poster=author, subject="Budget talk")
    PostFactory(
        topic=hidden,
        poster=author,
        subject="Budget talk",
        content="Hydration budget for the members-only forum.",
    )
    return author


def test_site_search_groups_results_by_kind_with_counts(client, content, reindex):
    reindex()
    body = client.get("/search/?q=hydration&format=json").json()
    kinds = {t["value"]: t["count"] for t in body["types"]}
    assert kinds["case_study"] == 1 and kinds["forum_post"] == 1
    assert body["count"] == 2
    only_posts = client.get("/search/?q=hydration&type=forum_post&format=json").json()
    assert [r["type"] for r in only_posts["results"]] == ["forum_post"]
    # Counts per kind ignore the kind selection, so the reader sees every option.
    assert {t["value"]: t["count"] for t in only_posts["types"]}["case_study"] == 1


def test_members_only_forum_posts_are_found_only_by_approved_members(
    client, content, reindex
):
    from django.contrib.auth.models import Group

    reindex()
    anonymous = client.get("/search/?q=budget&format=json").json()
    assert anonymous["count"] == 0
    client.force_login(content)  # signed in, not (yet) approved
    pending = client.get("/search/?q=budget&format=json").json()
    assert pending["count"] == 0
    content.groups.add(Group.objects.get_or_create(name="Members")[0])
    approved = client.get("/search/?q=budget&format=json").json()
    assert [r["title"] for r in approved["results"]] == ["Budget talk"]


def test_an_unapproved_forum_post_is_not_found_until_approved(
    client, content, reindex, refresh
):
    reindex()
    topic = create_topic(
        forum=create_forum(name="Open"), poster=content, subject="Quokka"
    )
    _allow_anonymous_read(topic.forum)
    post = PostFactory(
        topic=topic, poster=content, subject="Quokka", content="quokka", approved=False
    )
    refresh()
    assert client.get("/search/?q=quokka&format=json").json()["count"] == 0
    post.approved = True
    post.save()
    refresh()
    assert client.get("/search/?q=quokka&format=json").json()["count"] == 1


def test_site_search_html_has_a_labelled_form_and_highlights(client, content, reindex):
    reindex()
    html = client.get("/search/?q=hydration").content.decode()
    assert '<label class="nhsuk-label nhsuk-label--s" for="id_q">' in html
    assert "<mark>hydration</mark>" in html.lower()
    assert "Forum posts (1)" in html


def test_site_search_without_words_shows_a_prompt_not_an_error(client, engine):
    response = client.get("/search/")
    assert response.status_code == 200
    assert "Type a word or two" in response.content.decode()


def test_site_search_rejects_bad_input_with_a_clear_message(client, engine):
    bad_type = client.get("/search/?q=x&type=spaceships&format=json")
    assert bad_type.status_code == 400
    error = bad_type.json()["error"]
    assert error["parameter"] == "type"
    assert "is not a kind of content" in error["message"]
    assert client.get("/search/?q=x&page=zero").status_code == 400
    assert client.get("/search/?q=" + "x" * 300).status_code == 400


@pytest.mark.parametrize("engine", ["elasticsearch"], indirect=True)
def test_elasticsearch_catches_up_after_an_outage(client, content, reindex, settings):
    reindex()
    working_url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"  # the server is away
    from casestudies.models import CaseStudyIndexPage

    CaseStudyFactory(
        parent=CaseStudyIndexPage.objects.get(),
        title="Written during the outage",
        summary="Zeppelin.",
    )
    entry = IndexEntry.objects.get(title="Written during the outage")
    assert entry.es_dirty  # saved for the database engine, waiting for Elasticsearch
    settings.ELASTICSEARCH_URL = working_url
    from django.core.management import call_command

    call_command("search_index", sync=True, verbosity=0)
    es_index.refresh()
    entry.refresh_from_db()
    assert not entry.es_dirty
    body = client.get("/case-studies/?format=json&q=zeppelin").json()
    assert (body["engine"], body["count"]) == ("elasticsearch", 1)


@pytest.mark.parametrize("engine", ["elasticsearch"], indirect=True)
def test_a_rebuild_swaps_the_alias_to_a_fresh_index(client, content, reindex):
    reindex()
    client_es = es_index.get_client_or_fail()
    first = set(client_es.indices.get_alias(name=es_index.alias_name()))
    reindex()
    second = set(client_es.indices.get_alias(name=es_index.alias_name()))
    assert len(first) == len(second) == 1 and first != second
    assert not client_es.indices.exists(index=first.pop())
    assert client.get("/search/?q=hydration&format=json").json()["count"] == 2


def test_editors_manage_synonyms_in_the_admin(admin_client, engine):
    from django.urls import reverse

    from search.models import SynonymGroup

    response = admin_client.post(
        reverse("wagtailsnippets_search_synonymgroup:add"),
        {"terms": "falls, trips, slips", "note": "Falls prevention"},
    )
    assert response.status_code == 302
    assert SynonymGroup.objects.filter(terms="falls, trips, slips").exists()
    listing = admin_client.get(reverse("wagtailsnippets_search_synonymgroup:list"))
    assert "general practitioner" in listing.content.decode()
