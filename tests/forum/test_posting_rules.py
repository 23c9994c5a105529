"""Throttling, watched words, slow mode, timed close and attachment limits."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from machina.core.db.models import get_model

from forum.models import PostReport, TopicSettings, WatchedWord

from .conftest import (
    PUBLIC,
    make_topic,
    new_topic_url,
    reply_form_data,
    reply_url,
    topic_form_data,
    topic_url,
)

Attachment = get_model("forum_attachments", "Attachment")
Post = get_model("forum_conversation", "Post")

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen_window(monkeypatch):
    """Keep the throttle's fixed window from rolling over mid-test."""
    import ehch.accounts.ratelimit as ratelimit

    frozen = SimpleNamespace(time=lambda: 1_800_000_000.0)
    monkeypatch.setattr(ratelimit, "time", frozen)


def test_a_burst_of_new_topics_is_throttled_with_a_clear_message(
    client, forums, member, settings, no_hold, frozen_window
):
    settings.FORUM_POST_RATE = (3, 300)
    client.force_login(member)
    for n in range(3):
        response = client.post(
            new_topic_url(forums[PUBLIC]), topic_form_data(f"T{n}", "x")
        )
        assert response.status_code == 302
    response = client.post(new_topic_url(forums[PUBLIC]), topic_form_data("T4", "x"))
    assert response.status_code == 200
    assert "You have posted a lot in a short time" in response.content.decode()
    assert not Post.objects.filter(subject="T4").exists()


def test_a_burst_of_replies_is_throttled_but_previews_are_not_counted(
    client, forums, member, moderator, settings, no_hold, frozen_window
):
    settings.FORUM_POST_RATE = (2, 300)
    topic = make_topic(forums[PUBLIC], moderator)
    client.force_login(member)
    for _ in range(5):
        data = reply_form_data("preview only")
        data["preview"] = "1"
        assert client.post(reply_url(topic), data).status_code == 200
    assert client.post(reply_url(topic), reply_form_data("one")).status_code == 302
    assert client.post(reply_url(topic), reply_form_data("two")).status_code == 302
    response = client.post(reply_url(topic), reply_form_data("three"))
    assert response.status_code == 200, response.get("Location")
    assert "please wait" in response.content.decode()


def test_a_blocked_watched_word_refuses_the_post(client, forums, member, no_hold):
    WatchedWord.objects.create(phrase="buy cheap", action="block")
    client.force_login(member)
    response = client.post(
        new_topic_url(forums[PUBLIC]), topic_form_data("Offer", "Buy CHEAP pills")
    )
    assert response.status_code == 200
    assert "not allowed here (buy cheap)" in response.content.decode()
    assert not Post.objects.filter(subject="Offer").exists()


def test_a_watched_word_matches_whole_words_only():
    word = WatchedWord(phrase="ass", action="block")
    assert word.matches("you ass!")
    assert not word.matches("an assessment")


def test_a_hold_watched_word_sends_the_post_to_the_queue(
    client, forums, member, no_hold
):
    WatchedWord.objects.create(phrase="NHS number", action="hold")
    client.force_login(member)
    client.post(
        new_topic_url(forums[PUBLIC]), topic_form_data("Help", "Her nhs number is")
    )
    assert Post.objects.get(subject="Help").approved is False


def test_a_flag_watched_word_publishes_and_reports_the_post(
    client, forums, member, moderator, no_hold
):
    WatchedWord.objects.create(phrase="lawsuit", action="flag")
    client.force_login(member)
    client.post(new_topic_url(forums[PUBLIC]), topic_form_data("Q", "about a lawsuit"))
    post = Post.objects.get(subject="Q")
    assert post.approved is True
    report = PostReport.objects.get(post=post)
    assert report.reason == "watched_word" and report.reporter is None
    assert any("Post reported" in m.subject for m in mail.outbox)


def test_slow_mode_makes_a_member_wait_between_replies(
    client, forums, member, moderator, no_hold
):
    topic = make_topic(forums[PUBLIC], moderator)
    TopicSettings.objects.create(topic=topic, slow_mode_seconds=600)
    client.force_login(member)
    assert client.post(reply_url(topic), reply_form_data("first")).status_code == 302
    response = client.post(reply_url(topic), reply_form_data("second"))
    assert "slow mode" in response.content.decode()
    assert not Post.objects.filter(content="second").exists()


def test_a_topic_past_its_timed_close_takes_no_replies(
    client, forums, member, moderator, no_hold
):
    topic = make_topic(forums[PUBLIC], moderator)
    TopicSettings.objects.create(
        topic=topic, close_at=timezone.now() - timedelta(minutes=1)
    )
    client.force_login(member)
    response = client.post(reply_url(topic), reply_form_data("too late"))
    assert "has closed" in response.content.decode()


def test_a_moderator_sets_slow_mode_and_timed_close_from_the_topic(
    client, forums, member, moderator
):
    topic = make_topic(forums[PUBLIC], member)
    url = reverse("community_forum:topic_settings", kwargs={"pk": topic.pk})
    client.force_login(member)
    assert client.get(url).status_code == 403
    client.force_login(moderator)
    assert "Slow mode and timed close" in client.get(topic_url(topic)).content.decode()
    response = client.post(
        url,
        {"slow_mode_minutes": "10", "close_at": "2030-01-31 17:00", "reason": "Heated"},
    )
    assert response.status_code == 302
    row = TopicSettings.objects.get(topic=topic)
    assert row.slow_mode_seconds == 600 and row.close_at.year == 2030
    bad = client.post(url, {"slow_mode_minutes": "-4", "close_at": "soon"})
    assert bad.status_code == 200
    assert "There is a problem" in bad.content.decode()


def _with_attachment(data: dict, upload) -> dict:
    data = dict(data)
    data.update(
        {
            "attachment-TOTAL_FORMS": "1",
            "attachment-0-file": upload,
            "attachment-0-comment": "",
        }
    )
    return data


def test_attachments_of_a_forbidden_type_are_refused(client, forums, member, no_hold):
    client.force_login(member)
    upload = SimpleUploadedFile("evil.html", b"<script>alert(1)</script>", "text/html")
    response = client.post(
        new_topic_url(forums[PUBLIC]),
        _with_attachment(topic_form_data("A", "x"), upload),
    )
    assert response.status_code == 200
    assert not Attachment.objects.exists()
    assert not Post.objects.filter(subject="A").exists()


def test_attachments_over_the_size_limit_are_refused(
    client, forums, member, settings, no_hold
):
    settings.FORUM_ATTACHMENT_MAX_BYTES = 10
    client.force_login(member)
    upload = SimpleUploadedFile("notes.txt", b"x" * 11, "text/plain")
    client.post(
        new_topic_url(forums[PUBLIC]),
        _with_attachment(topic_form_data("B", "x"), upload),
    )
    assert not Attachment.objects.exists()


def test_allowed_attachments_are_stored_and_served_as_downloads(
    client, forums, member, settings, tmp_path, no_hold
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(member)
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 test", "application/pdf")
    response = client.post(
        new_topic_url(forums[PUBLIC]),
        _with_attachment(topic_form_data("C", "x"), upload),
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    download = client.get(
        reverse("forum_conversation:attachment", kwargs={"pk": attachment.pk})
    )
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")


def _error_summary_links(html: str) -> list[tuple[str, str]]:
    """(href, text) of each link in the nhsuk error summary."""
    import re

    summary = re.search(r'<div class="nhsuk-error-summary".*?</ul>', html, re.S)
    assert summary, "no error summary on the page"
    return re.findall(r'<a href="(#[^"]+)">([^<]+)</a>', summary.group(0))


def test_a_new_topic_with_missing_fields_lists_each_problem_linked_to_its_field(
    client, forums, member, no_hold
):
    client.force_login(member)
    response = client.post(new_topic_url(forums[PUBLIC]), topic_form_data("", ""))
    assert response.status_code == 200
    html = response.content.decode()
    links = dict(_error_summary_links(html))
    assert "#id_subject" in links and "#id_content" in links
    # Each field shows its own message too, tied to it for screen readers.
    assert 'id="id_subject-error"' in html
    assert 'aria-describedby="id_subject-error"' in html
    assert "nhsuk-form-group--error" in html
    assert not Post.objects.filter(topic__forum=forums[PUBLIC], subject="").exists()


def test_a_refused_reply_keeps_what_was_written_and_explains_in_the_summary(
    client, forums, member, moderator, no_hold
):
    WatchedWord.objects.create(phrase="buy cheap", action="block")
    topic = make_topic(forums[PUBLIC], moderator)
    client.force_login(member)
    response = client.post(reply_url(topic), reply_form_data("Buy cheap pills now"))
    assert response.status_code == 200
    html = response.content.decode()
    assert any("buy cheap" in text for _href, text in _error_summary_links(html))
    assert "Buy cheap pills now" in html  # nothing the member wrote is lost
