"""machina's post and topic forms plus our posting rules.

Found by machina's ``get_class("forum_conversation.forms", ...)`` before its own,
so machina's views use these. The rules themselves live in ``forum.posting``.
"""

from __future__ import annotations

from django import forms
from django.db import transaction
from machina.apps.forum_conversation.forms import PostForm as MachinaPostForm
from machina.apps.forum_conversation.forms import TopicForm as MachinaTopicForm
from machina.core.db.models import get_model

from forum import moderation, posting, reports
from forum.models import ModerationLogEntry, PendingPostEdit, PostReport, WatchedWord

Post = get_model("forum_conversation", "Post")


class PostingRulesMixin:
    """Throttle, watched words, slow mode, timed close and the first-posts hold."""

    def _text(self) -> str:
        data = self.cleaned_data
        return f"{data.get('subject') or ''}\n{data.get('content') or ''}"

    #: The held edit made by ``save``, when an edit had to wait for a moderator.
    held_edit = None

    def clean(self) -> dict:
        """Refuse the post or edit, with a message saying why, when a rule forbids it.

        Edits pass the same rules as new posts (closed topic, slow mode,
        blocked words, the throttle).
        """
        if self.instance.pk and not hasattr(self, "_approved_text"):
            # Before ModelForm copies the new text onto the instance.
            self._approved_text = (
                f"{self.instance.subject or ''}\n{self.instance.content.raw or ''}"
            )
        cleaned = super().clean()
        too_long = posting.length_problem(cleaned.get("content") or "")
        if too_long:
            self.add_error("content", too_long)
        is_new = not self.instance.pk
        problem = posting.posting_problem(
            self.user,
            self.topic,
            self._text(),
            # A form refused for another reason does not count against the limit.
            count_attempt="preview" not in self.data and not self._errors,
            editing=not is_new,
        )
        if problem:
            raise forms.ValidationError(problem, code="posting_rule")
        return cleaned

    def edit_will_be_held(self) -> bool:
        """True when saving this (valid) edit will hold it for a moderator."""
        if not self.instance.pk:
            return False
        if not hasattr(self, "_cached_edit_hold_reason"):
            was_approved = Post.objects.filter(
                pk=self.instance.pk, approved=True
            ).exists()
            self._cached_edit_hold_reason = (
                posting.edit_hold_reason(
                    self.user, self.forum, self._approved_text, self._text()
                )
                if was_approved
                else None
            )
        return self._cached_edit_hold_reason is not None

    def _hold_reason(self) -> str | None:
        if not hasattr(self, "_cached_hold_reason"):
            self._cached_hold_reason = posting.hold_reason(
                self.user, self.forum, self._text()
            )
        return self._cached_hold_reason

    def create_topic(self):
        """Machina's topic, held when its first post is."""
        topic = super().create_topic()
        if self._hold_reason():
            topic.approved = False
        return topic

    def create_post(self):
        """Machina's post, held for a moderator when a rule says so."""
        post = super().create_post()
        if self._hold_reason():
            post.approved = False
        return post

    def save(self, commit: bool = True):
        """Save, then announce a published post or record why it was held.

        An edit of a published post that a rule holds is not written into
        the post: it is kept as a held edit, so readers go on seeing the
        approved version until a moderator decides.
        """
        is_new = not self.instance.pk
        if commit and not is_new:
            return self._save_edit()
        with transaction.atomic():
            post = super().save(commit)
            if not (commit and is_new):
                return post
            if post.approved:
                moderation.post_published(post)
                flagged = posting.watched_words(self._text(), WatchedWord.Action.FLAG)
                if flagged:
                    reports.report_post(
                        post,
                        None,
                        PostReport.Reason.WATCHED_WORD,
                        f"Watched words: {', '.join(flagged)}",
                    )
            else:
                moderation.log_action(
                    None,
                    ModerationLogEntry.Action.HOLD,
                    post=post,
                    reason=self._hold_reason() or "Forum requires approval",
                )
        return post

    def _save_edit(self):
        post = self.instance
        was_approved = Post.objects.filter(pk=post.pk, approved=True).exists()
        reason = self._cached_edit_hold_reason if self.edit_will_be_held() else None
        with transaction.atomic():
            if reason:
                self.held_edit = moderation.hold_edit(
                    post,
                    self.user,
                    subject=self.cleaned_data["subject"],
                    content=self.cleaned_data["content"],
                    update_reason=self.cleaned_data.get("update_reason") or "",
                    hold_reason=reason,
                )
                post.refresh_from_db()
                return post
            post = super().save(True)
            # A published edit replaces any edit still waiting.
            PendingPostEdit.objects.filter(post=post).delete()
            if was_approved:
                flagged = posting.added_watched_words(
                    self._approved_text, self._text(), WatchedWord.Action.FLAG
                )
                if flagged:
                    reports.report_post(
                        post,
                        None,
                        PostReport.Reason.WATCHED_WORD,
                        f"Watched words added in an edit: {', '.join(flagged)}",
                    )
        return post


class PostForm(PostingRulesMixin, MachinaPostForm):
    """A reply (or an edit of one), with our posting rules."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: D107
        super().__init__(*args, **kwargs)
        self.fields["content"].help_text = MARKDOWN_HINT


class TopicForm(PostingRulesMixin, MachinaTopicForm):
    """A new topic (or an edit of its first post), with our posting rules."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: D107
        super().__init__(*args, **kwargs)
        self.fields["content"].help_text = MARKDOWN_HINT


MARKDOWN_HINT = (
    "You can use Markdown: **bold**, *italic*, [link text](https://example.org), "
    "lists starting with - . To mention a member, write @ and their name in "
    "square brackets, as shown on their posts: @[Priya Shah]. "
    "Do not share residents' names or health details."
)
