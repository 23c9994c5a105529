"""Admin registration: the "we tried this" queue, with its count in the menu."""

from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views
from .models import TriedFollowUp, TriedReport


@hooks.register("register_admin_urls")
def register_queue_urls():
    """The queue and one item's page."""
    patterns = [
        path("", admin_views.queue, name="queue"),
        path("<str:kind>/<str:number>/", admin_views.moderate, name="moderate"),
    ]
    return [path("we-tried-this/", include((patterns, "impact_admin")))]


class QueueMenuItem(MenuItem):
    """Shown to those who moderate reports, with how many wait."""

    def is_shown(self, request) -> bool:  # noqa: D102
        return admin_views.can_moderate(request.user)

    def render_component(self, request):  # noqa: D102
        component = super().render_component(request)
        waiting = (
            TriedReport.objects.pending().count()
            + TriedFollowUp.objects.pending().count()
        )
        if waiting:
            component.label = f"{self.label} ({waiting} waiting)"
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
