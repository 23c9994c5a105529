"""The forum's URLs: machina's apps, with its search replaced by the site search.

machina's own ``machina.urls`` also mounts its haystack search, which found
nothing here (no haystack index is built) while the site search already
indexes forum posts with the one visibility rule. So this module builds the
same patterns from machina's URL factories (through ``get_class``, so the
override apps in ``forum/overrides/`` still apply) and answers machina's old
search address with a permanent redirect to the site search, filtered to
forum posts, keeping the words searched for.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.urls import include, path, re_path
from machina.core.loading import get_class

SITE_SEARCH = "/search/"
FORUM_POSTS = "forum_post"  # search.documents.KIND_LABELS


def forum_search_address(words: str = "") -> str:
    """The site search for forum posts, optionally for ``words``."""
    query = {"q": words, "type": FORUM_POSTS} if words else {"type": FORUM_POSTS}
    return f"{SITE_SEARCH}?{urlencode(query)}"


def old_forum_search(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Send machina's old search address on to the site search, permanently.

    Permanent, because bookmarks and search engines should learn the new
    address; the words (machina's ``q``) come along.
    """
    return HttpResponsePermanentRedirect(
        forum_search_address(request.GET.get("q", "").strip())
    )


def _patterns(app: str):
    return include(get_class(f"{app}.urls", "urlpatterns_factory").urlpatterns)


urlpatterns = [
    re_path(r"", _patterns("forum")),
    re_path(r"", _patterns("forum_conversation")),
    re_path(r"^feeds/", _patterns("forum_feeds")),
    re_path(r"^member/", _patterns("forum_member")),
    re_path(r"^moderation/", _patterns("forum_moderation")),
    path(
        "search/",
        include(([path("", old_forum_search, name="search")], "forum_search")),
    ),
    re_path(r"^tracking/", _patterns("forum_tracking")),
]
