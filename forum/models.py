"""Our forum models: each points at machina's Forum, Topic or Post by foreign key.

machina ships none of these (Discourse is the yardstick): reports, watched
words, per-topic slow mode and timed close, forum subscriptions and an audit
log of moderation actions.
"""

from __future__ import annotations

import difflib
import re

from django.conf import settings
from django.db import models
from django.utils import timezone


class PostReportQuerySet(models.QuerySet):
    """Queries over reports."""

    def open(self) -> PostReportQuerySet:
        """Reports nobody has resolved yet, oldest first."""
        return self.filter(resolved_at__isnull=True).order_by("created_at")


class PostReport(models.Model):
    """A member's or a visitor's report of a post, resolved by a moderator."""

    class Reason(models.TextChoices):
        SPAM = "spam", "Spam or advertising"
        RUDE = "rude", "Rude, abusive or harassing"
        OFF_TOPIC = "off_topic", "Off topic"
        PERSONAL_DATA = "personal_data", "Shares someone's personal or health details"
        ILLEGAL = "illegal", "Illegal or harmful content"
        WATCHED_WORD = "watched_word", "Flagged automatically by a watched word"
        OTHER = "other", "Something else"

    class Outcome(models.TextChoices):
        NO_ACTION = "no_action", "No action needed"
        POST_EDITED = "post_edited", "Post edited"
        POST_REMOVED = "post_removed", "Post removed"
        MEMBER_WARNED = "member_warned", "Member warned"

    post = models.ForeignKey(
        "forum_conversation.Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        help_text="Empty once the post has been deleted.",
    )
    post_excerpt = models.TextField(
        blank=True, help_text="A copy of the post when it was reported."
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="forum_reports",
        help_text="Empty for visitors and automatic flags.",
    )
    reporter_email = models.EmailField(
        blank=True, help_text="A visitor's optional contact address."
    )
    url = models.CharField(
        max_length=500, blank=True, help_text="The page a visitor reported."
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    details = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    resolution_note = models.TextField(blank=True)

    objects = PostReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "post report"

    def __str__(self) -> str:
        return f"Report {self.pk}: {self.get_reason_display()}"

    @property
    def is_open(self) -> bool:
        """True until a moderator resolves the report."""
        return self.resolved_at is None


class WatchedWord(models.Model):
    """A word or phrase checked in every new post and edit (Discourse's term)."""

    class Action(models.TextChoices):
        BLOCK = "block", "Block the post"
        HOLD = "hold", "Hold the post for moderation"
        FLAG = "flag", "Publish but flag for moderators"

    phrase = models.CharField(
        max_length=100,
        unique=True,
        help_text="Matched as whole words, ignoring case.",
    )
    action = models.CharField(
        max_length=10,
        choices=Action.choices,
        help_text="What happens to a post, or an edit, that contains the phrase.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["phrase"]

    def __str__(self) -> str:
        return f"{self.phrase} ({self.get_action_display()})"

    def matches(self, text: str) -> bool:
        """True when the phrase appears in ``text`` as whole words."""
        pattern = r"(?<!\w)" + re.escape(self.phrase.strip()) + r"(?!\w)"
        return re.search(pattern, text, flags=re.IGNORECASE) is not None


class TopicSettings(models.Model):
    """Per-topic moderation: slow mode and a timed close."""

    topic = models.OneToOneField(
        "forum_conversation.Topic",
        on_delete=models.CASCADE,
        related_name="community_settings",
    )
    slow_mode_seconds = models.PositiveIntegerField(
        default=0,
        help_text="Minimum wait between one member's replies; 0 turns slow mode off.",
    )
    close_at = models.DateTimeField(
        null=True, blank=True, help_text="The topic takes no replies after this time."
    )

    class Meta:
        verbose_name = "topic settings"
        verbose_name_plural = "topic settings"

    def __str__(self) -> str:
        return f"Settings for topic {self.topic_id}"

    def is_closed(self, now=None) -> bool:
        """True once the timed close has passed."""
        return self.close_at is not None and (now or timezone.now()) >= self.close_at


class TopicAnswer(models.Model):
    """The reply that answers a topic's question, marked by its asker or a moderator."""

    topic = models.OneToOneField(
        "forum_conversation.Topic",
        on_delete=models.CASCADE,
        related_name="accepted_answer",
    )
    post = models.OneToOneField(
        "forum_conversation.Post",
        on_delete=models.CASCADE,
        related_name="accepted_for",
    )
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "answer"

    def __str__(self) -> str:
        return f"Answer to topic {self.topic_id}: post {self.post_id}"


class ForumSubscription(models.Model):
    """A member following a whole forum: an email for each new approved post."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="forum_subscriptions",
    )
    forum = models.ForeignKey(
        "forum.Forum", on_delete=models.CASCADE, related_name="community_subscriptions"
    )
    daily_digest = models.BooleanField(
        default=False,
        help_text="Send one email a day listing new topics, instead of an email "
        "for every new post.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["forum__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "forum"], name="community_forum_unique_subscription"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.forum}"


class MentionOptOut(models.Model):
    """Someone who asked not to be emailed when they are @mentioned.

    Following a topic or forum is opting in; a mention is someone else's
    choice, so people who follow nothing can still be emailed about one. This
    row (made by the mention email's unsubscribe link, removed on the forum
    email settings page) stops those; follows are kept as they are.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mention_opt_out",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.user} gets no mention emails"


class ModerationLogEntry(models.Model):
    """One moderation action: who did what, to what, when and why."""

    class Action(models.TextChoices):
        APPROVE = "approve", "Approved post"
        DISAPPROVE = "disapprove", "Disapproved post"
        LOCK = "lock", "Locked topic"
        UNLOCK = "unlock", "Unlocked topic"
        MOVE = "move", "Moved topic"
        DELETE_TOPIC = "delete_topic", "Deleted topic"
        DELETE_POST = "delete_post", "Deleted post"
        PIN = "pin", "Changed topic type"
        RESOLVE_REPORT = "resolve_report", "Resolved report"
        TOPIC_SETTINGS = "topic_settings", "Changed slow mode or timed close"
        GRANT_MODERATOR = "grant_moderator", "Made forum moderator"
        HOLD = "hold", "Held post for moderation"
        HOLD_EDIT = "hold_edit", "Held edit for moderation"
        APPROVE_EDIT = "approve_edit", "Approved edit"
        DISAPPROVE_EDIT = "disapprove_edit", "Disapproved edit"
        MARK_ANSWER = "mark_answer", "Marked a reply as the answer"
        CLEAR_ANSWER = "clear_answer", "Unmarked the answer"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for automatic actions.",
    )
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    target = models.CharField(
        max_length=300, help_text="What was acted on, as it was then."
    )
    topic_id = models.IntegerField(null=True, blank=True)
    post_id = models.IntegerField(null=True, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "moderation log entry"
        verbose_name_plural = "moderation log"

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()}"


class PendingPostEditQuerySet(models.QuerySet):
    """Queries over held edits."""

    def waiting(self) -> PendingPostEditQuerySet:
        """Held edits, oldest first, with their post, topic and forum."""
        return self.select_related(
            "post", "post__topic", "post__topic__forum", "author__member_profile"
        ).order_by("created_at")


class PendingPostEdit(models.Model):
    """An edit of a published post, held for a moderator.

    The post itself keeps its last approved text, so readers go on seeing it;
    approving the edit writes this subject and content into the post,
    disapproving it deletes this row. One held edit per post: a newer edit
    replaces the older one.
    """

    post = models.OneToOneField(
        "forum_conversation.Post",
        on_delete=models.CASCADE,
        related_name="pending_edit",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Who made the edit (the poster or someone allowed to edit).",
    )
    subject = models.CharField(max_length=255)
    content = models.TextField()
    update_reason = models.CharField(max_length=255, blank=True)
    hold_reason = models.CharField(
        max_length=300, help_text="Which rule held the edit."
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = PendingPostEditQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        verbose_name = "held edit"

    def __str__(self) -> str:
        return f"Held edit of post {self.post_id}"

    def changes(self) -> list[tuple[str, str]]:
        """The edit line by line against the approved text, for moderators.

        Each item is ``(change, line)`` with change "added", "removed" or
        "same".
        """
        kinds = {"+ ": "added", "- ": "removed", "  ": "same"}
        approved = (self.post.content.raw or "").splitlines()
        return [
            (kinds[line[:2]], line[2:])
            for line in difflib.ndiff(approved, self.content.splitlines())
            if line[:2] in kinds
        ]


class QueueAlert(models.Model):
    """When one waiting item was last named in a stale-queue alert.

    ``alert_stale_queue`` names an item again only once a whole interval has
    passed since this time, so hourly runs do not repeat the same email.
    """

    kind = models.CharField(max_length=30)
    object_id = models.PositiveBigIntegerField()
    alerted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-alerted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="community_forum_unique_alert"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} alerted {self.alerted_at:%Y-%m-%d %H:%M}"


class SentDigest(models.Model):
    """One member's daily digest for one day: sent, or being sent now.

    ``forum.digests`` creates the row just before the email goes (the unique
    constraint lets only one run create it), so a second run of
    ``forum_digest`` for the same day, on this server or another, sends nothing.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    period_end = models.DateTimeField(
        help_text="The digest listed new topics up to this time (the day's cut-off)."
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period_end"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "period_end"], name="community_forum_unique_digest"
            )
        ]

    def __str__(self) -> str:
        return f"Digest to {self.user_id} up to {self.period_end:%Y-%m-%d %H:%M}"
