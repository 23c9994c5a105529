"""Members and editors write value stories; moderators publish them by cycle."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import PageViewRestriction

from forum.notifications import topic_path
from forum.structure import ensure_forum_tree
from impact.models import Decision, ValueStory
from tests.casestudies.factories import CaseStudyFactory
from tests.forum.conftest import MEMBERS_ONLY, PUBLIC, make_topic
from tests.members.factories import editor, pending_member

from .conftest import make_report

pytestmark = pytest.mark.django_db

NEW = "/we-tried-this/stories/new/"
STORY = {
    "title": "We stopped guessing",
    "cycle": "reframing",
    "story": "A zebrafinch thread changed how we judge a good week.",
}


def test_visitors_sign_in_and_members_awaiting_approval_are_told(client, site_pages):
    response = client.get(NEW)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(pending_member())
    assert client.post(NEW, STORY).status_code == 403
    assert not ValueStory.objects.exists()


def test_a_story_links_only_public_things_on_this_site(
    client, site_pages, member, a_moderator, settings
):
    forums = ensure_forum_tree()
    public_topic = make_topic(forums[PUBLIC], member, subject="Zebrafinch rounds")
    closed_topic = make_topic(forums[MEMBERS_ONLY], member, subject="Closed")
    private = CaseStudyFactory(parent=site_pages[1], title="Private")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    report = make_report(site_pages[2], member)
    client.force_login(member)
    bad = "\n".join(
        [
            "https://elsewhere.example.com/case-studies/zebraford/",
            private.url,
            topic_path(closed_topic),
            "/no/such/page/",
        ]
    )
    response = client.post(NEW, {**STORY, "links": bad})
    assert response.status_code == 400
    page = response.content.decode()
    assert "not addresses of pages everyone can read" in page
    for line in bad.splitlines():
        assert line[:40] in page
    assert not ValueStory.objects.exists()
    good = "\n".join(
        [
            f"{settings.SITE_URL}{site_pages[2].url}",  # a full address
            # Copied from a browser: another scheme, www., no last slash.
            settings.SITE_URL.replace("http://", "https://www.")
            + site_pages[2].url.rstrip("/"),
            site_pages[2].url,  # the same page twice counts once
            topic_path(public_topic),
            report.get_absolute_url(),
        ]
    )
    response = client.post(NEW, {**STORY, "links": good}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("impact:mine")
    story = ValueStory.objects.get()
    assert story.status == Decision.PENDING and story.author == member
    assert list(story.pages.all()) == [site_pages[2].page_ptr]
    assert list(story.topics.all()) == [public_topic]
    assert list(story.tried_reports.all()) == [report]
    assert [m.to for m in mail.outbox] == [[a_moderator.email]]
    assert "value story" in mail.outbox[0].subject


def test_a_published_story_shows_under_its_kind_of_value(
    client, site_pages, member, a_moderator
):
    story = ValueStory.objects.create(author=member, **STORY)
    story.pages.add(site_pages[2])
    stories = reverse("impact:stories")
    assert "We stopped guessing" not in client.get(stories).content.decode()
    client.force_login(a_moderator)
    response = client.post(
        reverse("impact_admin:moderate", args=["story", story.pk]),
        {"decision": "approve"},
        follow=True,
    )
    assert "Published. The member has been emailed." in response.content.decode()
    assert mail.outbox[-1].to == [member.email]
    client.logout()
    page = client.get(stories).content.decode()
    assert "Reframing value: we changed how we judge success (1)" in page
    assert "We stopped guessing" in page and 'href="/case-studies/zebraford/"' in page
    # A linked page made private later is no longer linked from the story.
    PageViewRestriction.objects.create(page=site_pages[2], restriction_type="login")
    assert "/case-studies/zebraford/" not in client.get(stories).content.decode()


def test_editors_write_stories_too(client, site_pages):
    client.force_login(editor())
    assert client.post(NEW, STORY).status_code == 302
    assert ValueStory.objects.count() == 1
