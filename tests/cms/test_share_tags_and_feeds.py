"""Discoverable, shareable, valid feeds (issue 16, items 3 and 4).

Every public page type carries a canonical link and Open Graph and Twitter card
tags, all absolute on SITE_URL; the pages a feed belongs to point at it with
``<link rel="alternate">``; every Atom feed has what the W3C feed validator
asks for (ids, updated, author, self link), ids that survive an edit, and only
live, public pages.
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import override_settings
from wagtail.models import PageViewRestriction

from cms.models import StandardPage
from tests.atom_feeds import (
    SITE,
    check_valid,
    entries_by_title,
    fetch_feed,
    text_of,
)
from tests.casestudies.factories import CaseStudyFactory
from tests.cms.factories import (
    GuidancePageFactory,
    LeadershipResourceFactory,
    build_cms_site,
)
from tests.forum.conftest import (
    MEMBERS_ONLY,
    PUBLIC,
    forums,  # noqa: F401 - fixture
    make_topic,
    member,  # noqa: F401 - fixture
    topic_url,
)
from tests.voices.conftest import theme  # noqa: F401

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("_on_site_url"),
]

FEEDS = ["/feeds/latest/", "/feeds/leadership/", "/case-studies/?format=atom"]


@pytest.fixture
def _on_site_url():
    with override_settings(SITE_URL=SITE, WAGTAILADMIN_BASE_URL=SITE):
        yield


@pytest.fixture
def content():
    home, guidance_index, leadership_index = build_cms_site()
    case_index = home.get_children().get(slug="case-studies").specific
    standard = StandardPage(title="About", slug="about", intro="About the network.")
    home.add_child(instance=standard)
    standard.save_revision().publish()
    return {
        "home": home,
        "guidance_index": guidance_index,
        "leadership_index": leadership_index,
        "guidance": GuidancePageFactory(parent=guidance_index, slug="rounds"),
        "resource": LeadershipResourceFactory(parent=leadership_index, slug="tool"),
        "case": CaseStudyFactory(parent=case_index, slug="somerset"),
    }


class _Head(HTMLParser):
    """The <head>'s meta tags by property or name, and its links."""

    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[dict[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs["name"]] = attrs.get("content")
        elif tag == "link":
            self.links.append(attrs)


def _head(client, path: str) -> _Head:
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.content.decode()
    assert "localhost" not in html.split("</head>")[0], path
    head = _Head()
    head.feed(html.split("</head>")[0])
    return head


def _public_pages(content, forums, member, theme):  # noqa: F811
    topic = make_topic(forums[PUBLIC], member, subject="Sharing care plans")
    forum = forums[PUBLIC]
    return {
        "/": "Home",
        "/about/": "About",
        "/guidance/": "Guidance",
        "/guidance/rounds/": content["guidance"].title,
        "/leadership/": "Leadership resources",
        "/leadership/tool/": content["resource"].title,
        "/case-studies/": "Case studies",
        "/case-studies/somerset/": content["case"].title,
        "/search/": "Search",
        "/what-good-looks-like/": "What good care looks like",
        f"/what-good-looks-like/{theme.slug}/": theme.label,
        "/forum/": "Forum",
        f"/forum/forum/{forum.slug}-{forum.pk}/": forum.name,
        topic_url(topic): "Sharing care plans",
    }


def test_every_public_page_type_has_canonical_and_share_tags_on_site_url(
    client,
    content,
    forums,  # noqa: F811
    member,  # noqa: F811
    theme,  # noqa: F811
):
    for path, title in _public_pages(content, forums, member, theme).items():
        head = _head(client, path)
        canonical = [link["href"] for link in head.links if link["rel"] == "canonical"]
        assert canonical == [SITE + path], path
        assert head.meta["og:url"] == SITE + path, path
        assert head.meta["og:title"] == title, path
        assert head.meta["twitter:title"] == title, path
        assert head.meta["og:description"], path
        assert head.meta["og:image"] == SITE + "/static/ehch/share-card.png", path
        assert head.meta["twitter:card"] == "summary_large_image", path


def test_the_default_share_image_is_there(client):
    from django.contrib.staticfiles import finders
    from PIL import Image

    with Image.open(finders.find("ehch/share-card.png")) as image:
        assert image.size == (1200, 630)


def test_a_page_prefers_its_seo_title_and_search_description(client, content):
    guidance = content["guidance"]
    guidance.seo_title = "Ward rounds, explained"
    guidance.search_description = "How weekly rounds work."
    guidance.save_revision().publish()
    head = _head(client, "/guidance/rounds/")
    assert head.meta["og:title"] == "Ward rounds, explained"
    assert head.meta["og:description"] == "How weekly rounds work."
    assert head.meta["og:type"] == "article"


def test_pages_with_a_feed_point_at_it(client, content, forums):  # noqa: F811
    forum = forums[PUBLIC]
    expected = {
        "/": f"{SITE}/feeds/latest/",
        "/guidance/": f"{SITE}/feeds/latest/",
        "/leadership/": f"{SITE}/feeds/leadership/",
        "/case-studies/": f"{SITE}/case-studies/?format=atom",
        "/forum/": f"{SITE}/forum/feeds/topics/",
        f"/forum/forum/{forum.slug}-{forum.pk}/": (
            f"{SITE}/forum/feeds/forum/{forum.slug}-{forum.pk}/topics/all/"
        ),
    }
    for path, feed in expected.items():
        alternates = [
            link for link in _head(client, path).links if link["rel"] == "alternate"
        ]
        assert [link["href"] for link in alternates] == [feed], path
        assert alternates[0]["title"], path
        assert alternates[0]["type"] == "application/atom+xml", path
    for feed in expected.values():  # each Atom feed answers there
        response = client.get(feed.removeprefix(SITE))
        assert response.status_code == 200, feed
        assert response["Content-Type"].startswith("application/atom+xml"), feed


def test_a_restricted_page_shares_nothing_with_someone_who_cannot_read_it(
    client, content
):
    secret = GuidancePageFactory(
        parent=content["guidance_index"], title="Quillbrook plan", slug="secret"
    )
    PageViewRestriction.objects.create(
        page=secret, restriction_type=PageViewRestriction.PASSWORD, password="pw"
    )
    html = client.get("/guidance/secret/").content.decode()
    assert "Quillbrook" not in html
    PageViewRestriction.objects.filter(page=secret).update(
        restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get("/guidance/secret/", follow=True)
    assert "Quillbrook" not in response.content.decode()


def test_a_members_only_topic_shares_nothing_with_a_visitor(
    client,
    forums,  # noqa: F811
    member,  # noqa: F811
):
    topic = make_topic(forums[MEMBERS_ONLY], member, subject="Quillbrook rota")
    response = client.get(topic_url(topic), follow=True)
    assert "Quillbrook" not in response.content.decode()
    assert MEMBERS_ONLY not in response.content.decode().split("</head>")[0]


def _entries_by_title(root) -> dict[str, str]:
    return {
        title: text_of(entry, "id") for title, entry in entries_by_title(root).items()
    }


@pytest.mark.parametrize("path", FEEDS)
def test_every_atom_feed_has_what_the_w3c_validator_asks_for(client, content, path):
    entries = check_valid(fetch_feed(client, path), path)
    assert entries, path


def test_entry_ids_stay_the_same_when_a_page_is_edited_and_republished(client, content):
    before = {path: _entries_by_title(fetch_feed(client, path)) for path in FEEDS}
    for key in ("guidance", "resource", "case"):
        page = content[key].specific_class.objects.get(pk=content[key].pk)
        old_title = page.title
        page.title, page.slug = f"{old_title} (revised)", f"{page.slug}-revised"
        page.save_revision().publish()
        for path in FEEDS:
            if old_title in before[path]:
                after = _entries_by_title(fetch_feed(client, path))
                assert after[page.title] == before[path][old_title], path


def test_no_feed_carries_a_draft_or_a_restricted_page(client, content):
    GuidancePageFactory(
        parent=content["guidance_index"], title="Draft guide", live=False
    )
    LeadershipResourceFactory(
        parent=content["leadership_index"], title="Draft tool", live=False
    )
    hidden = {
        "Quillbrook guide": GuidancePageFactory(parent=content["guidance_index"]),
        "Quillbrook tool": LeadershipResourceFactory(
            parent=content["leadership_index"]
        ),
        "Quillbrook area": CaseStudyFactory(
            parent=content["case"].get_parent(), area="Quillbrook"
        ),
    }
    for title, page in hidden.items():
        page.title = title
        page.save_revision().publish()
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.LOGIN
        )
    for path in FEEDS:
        titles = set(_entries_by_title(fetch_feed(client, path)))
        assert titles, path
        assert not {t for t in titles if "Draft" in t or "Quillbrook" in t}, path
