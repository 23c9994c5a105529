"""machina's read-tracking views, answering 404 for a forum that does not exist.

machina's "mark topics read" view checks permission on
``Forum.objects.get(pk=...)`` before its own ``get_object_or_404``, so an
unknown forum id raised DoesNotExist (500) instead of "not found".
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from machina.apps.forum_tracking import views as machina_views
from machina.core.db.models import get_model

Forum = get_model("forum", "Forum")


class MarkTopicsReadView(machina_views.MarkTopicsReadView):
    """Mark a forum's topics read; an unknown forum is 404."""

    def get_controlled_object(self):  # noqa: D102
        return get_object_or_404(Forum, pk=self.kwargs["pk"])


MarkForumsReadView = machina_views.MarkForumsReadView
UnreadTopicsView = machina_views.UnreadTopicsView
