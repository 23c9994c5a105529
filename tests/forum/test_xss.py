"""XSS payloads posted through the real form publish nothing executable."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from machina.core.db.models import get_model

from forum.markup import render_markdown

from .conftest import PUBLIC, new_topic_url, topic_form_data, topic_url

Post = get_model("forum_conversation", "Post")

PAYLOADS = [
    line.replace("\\n", "\n")
    for line in (Path(__file__).parent / "xss_payloads.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#")
]
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "background",
}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
# Tags that may not appear inside a post body at all.
FORBIDDEN_IN_POSTS = {
    "script",
    "svg",
    "math",
    "iframe",
    "object",
    "embed",
    "style",
    "link",
    "meta",
    "base",
    "form",
    "input",
    "button",
    "img",
    "video",
    "audio",
    "source",
    "frameset",
    "applet",
    "template",
    "noscript",
    "textarea",
    "select",
    "details",
    "marquee",
}


class PageScanner(HTMLParser):
    """Collects anything executable: handlers, script URLs, and tags in post bodies."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.depth_in_post = 0
        self.stack: list[str] = []

    def handle_starttag(self, tag, attrs):
        in_post = self.depth_in_post > 0
        classes = dict(attrs).get("class") or ""
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event handler {name} on <{tag}>")
            compact = "".join((value or "").split()).lower()
            if name in URL_ATTRIBUTES and compact.startswith(BAD_SCHEMES):
                self.problems.append(f"{name}={value!r} on <{tag}>")
            if name == "style" and in_post:
                self.problems.append(f"style attribute on <{tag}> in a post")
        if in_post and tag in FORBIDDEN_IN_POSTS:
            self.problems.append(f"<{tag}> in a post body")
        if tag == "script" and not dict(attrs).get("src", "").startswith("/static/"):
            self.problems.append("inline or foreign <script>")
        if in_post:
            self.depth_in_post += 1
        elif "ehch-forum-post__body" in classes.split():
            self.depth_in_post = 1

    def handle_endtag(self, tag):
        if self.depth_in_post:
            self.depth_in_post -= 1


def scan(html: str) -> list[str]:
    """The executable things found in ``html``."""
    scanner = PageScanner()
    scanner.feed(html)
    return scanner.problems


def test_the_corpus_has_at_least_a_hundred_payloads():
    assert len(PAYLOADS) >= 100


def test_the_scanner_catches_what_it_is_meant_to_catch():
    assert scan('<div class="ehch-forum-post__body"><img src=x onerror=alert(1)></div>')
    assert scan('<a href=" JavaScript:alert(1)">x</a>')
    assert scan("<script>alert(1)</script>")
    assert not scan(
        '<div class="ehch-forum-post__body"><p><a href="https://x.org">x</a></p></div>'
    )


@pytest.mark.parametrize("payload", PAYLOADS[:5])
def test_the_renderer_alone_removes_script(payload):
    assert "<script" not in render_markdown(payload).lower()


@pytest.mark.django_db
def test_every_payload_posted_through_the_real_form_renders_harmlessly(
    client, forums, member, settings, no_hold
):
    settings.FORUM_POST_RATE = (10_000, 60)
    client.force_login(member)
    forum = forums[PUBLIC]
    failures = {}
    for index, payload in enumerate(PAYLOADS):
        subject = f"Payload {index} {payload}"[:200]
        response = client.post(
            new_topic_url(forum),
            topic_form_data(subject, f"Before\n\n{payload}\n\nAfter"),
        )
        assert response.status_code == 302, (payload, response.content[:500])
        post = Post.objects.order_by("-pk").first()
        assert post.approved, payload
        page = client.get(topic_url(post.topic))
        assert page.status_code == 200
        html = page.content.decode()
        assert "Before" in html and "After" in html
        problems = scan(html)
        if problems:
            failures[payload] = problems
    assert failures == {}


@pytest.mark.django_db
def test_links_in_posts_get_nofollow_ugc_noopener(client, forums, member, no_hold):
    client.force_login(member)
    client.post(
        new_topic_url(forums[PUBLIC]),
        topic_form_data("Links", "See [the guide](https://example.org/guide)"),
    )
    post = Post.objects.get(subject="Links")
    html = client.get(topic_url(post.topic)).content.decode()
    assert 'href="https://example.org/guide" rel="nofollow ugc noopener"' in html
