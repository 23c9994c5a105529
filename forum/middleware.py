"""Forum permission middleware that never writes a session for anonymous readers."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from machina.apps.forum_permission.middleware import (
    ForumPermissionMiddleware,
    PermissionHandler,
)

from ehch.numbers import parse_id

# The URL namespaces of machina's apps (ours is community_forum, already strict).
MACHINA_APP_NAMES = {
    "forum",
    "forum_conversation",
    "forum_feeds",
    "forum_member",
    "forum_moderation",
    "forum_search",
    "forum_tracking",
    "forum_attachments",
    "forum_polls",
}


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


class ForumIdMiddleware:
    """Ids in machina's URLs are read with the site's one number helper.

    machina treats its ``pk`` arguments loosely: ``profile/<str:pk>/`` looks up
    any text as a user id (``abc`` raised ValueError), a forum or topic id of
    0 is taken for "none given" (AttributeError), and ``?post=²`` passes
    ``isdigit()`` and then fails in the query. Here every id argument of
    machina's views must be an id (:func:`ehch.numbers.parse_id`) or the
    answer is 404, and a ``post`` parameter that is not one is ignored.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest):  # noqa: D102
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view, args, kwargs) -> None:  # noqa: D102
        match = request.resolver_match
        if match is None or not any(
            name in MACHINA_APP_NAMES for name in match.app_names
        ):
            return
        for name, value in kwargs.items():
            if name == "pk" or name.endswith("_pk"):
                if parse_id(value) is None:
                    raise Http404("Not found")
                kwargs[name] = parse_id(value)
        if "post" in request.GET and parse_id(request.GET["post"]) is None:
            request.GET = request.GET.copy()
            del request.GET["post"]
