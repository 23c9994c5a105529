"""An Atom feed of newly published guidance and case studies at /feeds/latest/."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import chain

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

FEED_SIZE = 20
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _published(page) -> datetime:
    # Pages made outside the publishing flow may lack a first-published date.
    return page.first_published_at or page.latest_revision_created_at or EPOCH


class LatestContentFeed(Feed):
    """The newest guidance pages and case studies, newest first."""

    feed_type = Atom1Feed
    title = "EHCH Learning Network: new guidance and case studies"
    link = "/"
    subtitle = "Guidance and case studies published on the learning network."

    def items(self) -> list:
        """Up to FEED_SIZE live, public pages of both kinds, by first publication."""
        from casestudies.models import CaseStudyPage
        from cms.models import GuidancePage

        guidance = GuidancePage.objects.published().newest_first()[:FEED_SIZE]
        cases = (
            CaseStudyPage.objects.live()
            .public()
            .order_by("-first_published_at", "-pk")[:FEED_SIZE]
        )
        pages = sorted(chain(guidance, cases), key=_published, reverse=True)
        return pages[:FEED_SIZE]

    def item_title(self, item) -> str:  # noqa: D102
        return item.title

    def item_description(self, item) -> str:  # noqa: D102
        return item.search_description or getattr(item, "summary", "")

    def item_link(self, item) -> str:  # noqa: D102
        return item.url

    def item_pubdate(self, item):  # noqa: D102
        return item.first_published_at

    def item_updateddate(self, item):  # noqa: D102
        return item.last_published_at

    def item_categories(self, item) -> list[str]:  # noqa: D102
        return ["Guidance" if item._meta.model_name == "guidancepage" else "Case study"]
