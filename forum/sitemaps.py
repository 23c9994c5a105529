"""Forum topics in the sitemap: approved topics in forums visitors may read.

The same rule as everywhere else (``forum.visibility``): held topics and
members-only forums never appear.
"""

from __future__ import annotations

from machina.core.db.models import get_model

from ehch.sitemaps import SiteAddressSitemap

from .notifications import topic_path
from .visibility import public_forum_ids

Topic = get_model("forum_conversation", "Topic")


class PublicTopicSitemap(SiteAddressSitemap):
    """Every approved topic of a public forum, newest activity first."""

    changefreq = "daily"

    def items(self):  # noqa: D102
        return (
            Topic.objects.filter(forum_id__in=public_forum_ids(), approved=True)
            .select_related("forum")
            .only("id", "slug", "forum__id", "forum__slug", "last_post_on", "updated")
            .order_by("-last_post_on", "pk")
        )

    def location(self, item) -> str:  # noqa: D102
        return topic_path(item)

    def lastmod(self, item):  # noqa: D102
        return item.last_post_on or item.updated
