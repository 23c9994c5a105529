"""Admin registration: the "we tried this" queue, with its count in the menu."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views, health_views
from .models import TriedFollowUp, TriedReport, ValueStory


@hooks.register("register_admin_urls")
def register_queue_urls():
    """The queue and one item's page."""
    patterns = [
        path("", admin_views.queue, name="queue"),
        path("<str:kind>/<str:number>/", admin_views.moderate, name="moderate"),
    ]
    return [
        path("we-tried-this/", include((patterns, "impact_admin"))),
        path(
            "reports/community-health/",
            health_views.community_health_report,
            name="impact_community_health",
        ),
    ]


class QueueMenuItem(MenuItem):
    """Shown to those who moderate reports, with how many wait."""

    def is_shown(self, request) -> bool:  # noqa: D102
        return admin_views.can_moderate(request.user)

    def render_component(self, request):  # noqa: D102
        component = super().render_component(request)
        waiting = (
            TriedReport.objects.pending().count()
            + TriedFollowUp.objects.pending().count()
            + ValueStory.objects.pending().count()
        )
        if waiting:
            component.label = f"{self.label} ({waiting})"
        return component


@hooks.register("register_admin_menu_item")
def register_queue_menu_item():
    """A top-level menu item for the queue."""
    return QueueMenuItem(
        "We tried this",
        reverse("impact_admin:queue"),
        icon_name="tick",
        order=253,
    )


class HealthMenuItem(MenuItem):
    """Shown to those who may see the network's figures."""

    def is_shown(self, request) -> bool:  # noqa: D102
        return health_views.can_view(request.user)


@hooks.register("register_reports_menu_item")
def register_health_menu_item():
    """Reports → Community health."""
    return HealthMenuItem(
        "Community health",
        reverse("impact_community_health"),
        name="community-health",
        icon_name="doc-full",
        order=730,
    )
