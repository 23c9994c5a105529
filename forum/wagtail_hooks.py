"""Wagtail admin: the forum's watched words, managed by moderators.

The Moderators group holds the add/change/delete/view permissions on
``WatchedWord`` (granted in ``ehch.accounts.role_setup``), so moderators who
are not Django-admin staff manage the list here.
"""

from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import WatchedWord


class WatchedWordViewSet(SnippetViewSet):
    """Words and phrases checked in every new post and every edit."""

    model = WatchedWord
    menu_label = "Watched words"
    icon = "warning"
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["phrase", "action", "created_at"]
    list_filter = ["action"]
    search_fields = ["phrase"]
    ordering = ["phrase"]
    panels = [FieldPanel("phrase"), FieldPanel("action")]


register_snippet(WatchedWordViewSet)
