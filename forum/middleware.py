"""Forum permission middleware that never writes a session for anonymous readers."""

from __future__ import annotations

from django.http import HttpRequest
from machina.apps.forum_permission.middleware import (
    ForumPermissionMiddleware,
    PermissionHandler,
)


class ReadOnlySafeForumPermissionMiddleware(ForumPermissionMiddleware):
    """Machina's middleware, minus the session it creates for every visitor.

    Machina gives each anonymous visitor a random "forum key" stored in the
    session, which costs a database write on every anonymous page view. The key
    only matters when an anonymous visitor writes (posts or votes), so it is
    created for unsafe methods only; readers reuse an existing key or go without.
    """

    def process_request(self, request: HttpRequest) -> None:  # noqa: D102
        if request.user.is_authenticated or request.method not in {
            "GET",
            "HEAD",
            "OPTIONS",
        }:
            super().process_request(request)
            return
        key = request.session.get(self.anonymous_forum_key_session_id)
        if key is not None:
            request.user.forum_key = key
        request.forum_permission_handler = PermissionHandler()
