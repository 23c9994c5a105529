"""Admin registration: the moderation queue, themes and case-study responses."""

from __future__ import annotations

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import admin_views
from .models import (
    CaseStudyResponse,
    HarmPhrase,
    SafeguardingAlert,
    Status,
    Submission,
    Theme,
)


class ModerationMenuItem(MenuItem):
    """Shown only to people who may open shared views; shows the waiting count."""

    def is_shown(self, request) -> bool:  # noqa: D102
        return admin_views.can_view(request.user)

    def render_component(self, request):  # noqa: D102
        component = super().render_component(request)
        waiting = Submission.objects.filter(status=Status.RECEIVED).count()
        if waiting:
            component.label = f"{self.label} ({waiting} waiting)"
        return component


class OutboxMenuItem(ModerationMenuItem):
    """The safeguarding outbox; its label counts emails that are failing."""

    def render_component(self, request):  # noqa: D102
        component = MenuItem.render_component(self, request)
        failing = SafeguardingAlert.objects.failing().count()
        if failing:
            component.label = f"{self.label} ({failing} failing)"
        return component


@hooks.register("register_admin_urls")
def register_moderation_urls():
    """The queue, one view's page and the paper/phone form."""
    patterns = [
        path("", admin_views.queue, name="queue"),
        path("<int:pk>/", admin_views.moderate, name="moderate"),
        path("add/", admin_views.add_offline, name="add_offline"),
        path("<int:pk>/acknowledge/", admin_views.acknowledge, name="acknowledge"),
        path("safeguarding-emails/", admin_views.outbox, name="outbox"),
        path("responses/", admin_views.responses_list, name="responses"),
        path("<int:pk>/respond/", admin_views.respond, name="respond"),
    ]
    return [path("shared-views/", include((patterns, "voices_admin")))]


@hooks.register("register_admin_menu_item")
def register_moderation_menu_item():
    """A top-level menu item for the moderation queue."""
    return ModerationMenuItem(
        "Shared views",
        reverse("voices_admin:queue"),
        icon_name="comment",
        order=250,
    )


@hooks.register("register_admin_menu_item")
def register_outbox_menu_item():
    """Every safeguarding email and whether it has been sent."""
    return OutboxMenuItem(
        "Safeguarding emails",
        reverse("voices_admin:outbox"),
        icon_name="mail",
        order=251,
    )


class RespondMenuItem(MenuItem):
    """Shown to editors and moderators, who may answer views publicly."""

    def is_shown(self, request) -> bool:  # noqa: D102
        return admin_views.can_respond(request.user)


@hooks.register("register_admin_menu_item")
def register_respond_menu_item():
    """Published views waiting for a public response."""
    return RespondMenuItem(
        "Respond to views",
        reverse("voices_admin:responses"),
        icon_name="comment",
        order=252,
    )


class ThemeViewSet(SnippetViewSet):
    """The themes people tick when they share a view."""

    model = Theme
    icon = "tag"
    list_display = ["label", "slug", "symbol", "definition"]
    search_fields = ["label", "definition"]
    ordering = ["sort_order", "label"]


class CaseStudyResponseViewSet(SnippetViewSet):
    """Which case studies respond to which statements."""

    model = CaseStudyResponse
    icon = "link"
    list_display = ["case_study", "statement", "note"]


class HarmPhraseViewSet(SnippetViewSet):
    """Words that mark a shared view as "possible safeguarding"."""

    model = HarmPhrase
    icon = "warning"
    menu_label = "Harm phrases"
    list_display = ["phrase", "topic"]
    list_filter = ["topic"]
    search_fields = ["phrase", "topic"]
    ordering = ["topic", "phrase"]


class VoicesGroup(SnippetViewSetGroup):
    """One menu item for the space's editable lists."""

    menu_label = "What good looks like"
    menu_icon = "comment"
    menu_order = 260
    items = (ThemeViewSet, CaseStudyResponseViewSet, HarmPhraseViewSet)


register_snippet(VoicesGroup)
