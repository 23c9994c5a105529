"""Django admin for the forum's moderation tools (watched words, reports, log)."""

from __future__ import annotations

from django.contrib import admin

from .models import (
    ForumSubscription,
    ModerationLogEntry,
    PostReport,
    TopicSettings,
    WatchedWord,
)
from .visibility import visible_log_entries


@admin.register(WatchedWord)
class WatchedWordAdmin(admin.ModelAdmin):
    """Watched words: moderators add a phrase and what happens to posts with it."""

    list_display = ["phrase", "action", "created_at"]
    list_filter = ["action"]
    search_fields = ["phrase"]


@admin.register(PostReport)
class PostReportAdmin(admin.ModelAdmin):
    """Reports are resolved on the forum's report queue; the admin is read-mostly."""

    list_display = ["__str__", "reason", "created_at", "resolved_at", "outcome"]
    list_filter = ["reason", "outcome"]
    readonly_fields = [
        "post",
        "post_excerpt",
        "reporter",
        "reporter_email",
        "url",
        "reason",
        "details",
        "created_at",
        "resolved_at",
        "resolved_by",
        "outcome",
        "resolution_note",
    ]


@admin.register(ModerationLogEntry)
class ModerationLogEntryAdmin(admin.ModelAdmin):
    """The audit log can be read and searched, never changed."""

    list_display = ["created_at", "actor", "action", "target"]
    list_filter = ["action"]
    search_fields = ["target", "reason"]

    def get_queryset(self, request):
        """Only the entries this person may read (``forum.visibility``)."""
        return visible_log_entries(request.user, super().get_queryset(request))

    def has_add_permission(self, request) -> bool:  # noqa: D102
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # noqa: D102
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # noqa: D102
        return False


@admin.register(TopicSettings)
class TopicSettingsAdmin(admin.ModelAdmin):
    """Slow mode and timed close (also editable from each topic's page)."""

    list_display = ["topic", "slow_mode_seconds", "close_at"]
    raw_id_fields = ["topic"]


@admin.register(ForumSubscription)
class ForumSubscriptionAdmin(admin.ModelAdmin):
    """Who follows which forum."""

    list_display = ["user", "forum", "daily_digest", "created_at"]
    raw_id_fields = ["user"]
