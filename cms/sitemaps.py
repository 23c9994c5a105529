"""The sitemap at /sitemap.xml: live pages outside every private section."""

from __future__ import annotations

from wagtail.contrib.sitemaps import Sitemap

from cms.visibility import public_q


class PublicPageSitemap(Sitemap):
    """Wagtail's sitemap, with privacy decided by ``cms.visibility`` as elsewhere.

    Wagtail's own ``public()`` loads every restriction first (one more query);
    ``public_q`` asks inside the page query, the same rule every list uses.
    """

    def items(self):  # noqa: D102
        return (
            self.get_wagtail_site()
            .root_page.get_descendants(inclusive=True)
            .live()
            .filter(public_q())
            .order_by("path")
            .defer_streamfields()
            .specific()
        )
