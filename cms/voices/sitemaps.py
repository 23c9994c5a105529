"""The residents' space in the sitemap: its front page and every theme page."""

from __future__ import annotations

from django.urls import reverse

from ehch.sitemaps import SiteAddressSitemap

from .models import Theme


class VoicesSitemap(SiteAddressSitemap):
    """``/what-good-looks-like/`` and each theme's page (all are public)."""

    changefreq = "weekly"

    def items(self) -> list:  # noqa: D102
        return ["index", *Theme.objects.order_by("pk")]

    def location(self, item) -> str:  # noqa: D102
        if item == "index":
            return reverse("voices:index")
        return item.get_absolute_url()
