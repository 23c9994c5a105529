"""A sitemap base whose addresses start with SITE_URL, not the request's host.

Wagtail's own sitemap uses its Site record (kept on SITE_URL by
``cms.site_address``); sitemaps of things that are not Wagtail pages (forum
topics, the residents' theme pages) build on this so both agree.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap


class SiteAddressSitemap(Sitemap):
    """Django's sitemap with the scheme and host of ``SITE_URL``."""

    def get_protocol(self, protocol: str | None = None) -> str:  # noqa: D102
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None) -> str:  # noqa: D102
        return urlsplit(settings.SITE_URL).netloc
