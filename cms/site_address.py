"""One site address: ``SITE_URL`` decides every absolute link.

Wagtail builds canonical links, ``og:url`` and the sitemap from its ``Site``
record, emails use ``WAGTAILADMIN_BASE_URL`` and feeds need absolute ids; all
of them come from ``SITE_URL`` here, so ``make run`` on any ``PORT`` (or a
production host behind a proxy) never names ``localhost`` by mistake.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from wagtail.models import Site


def site_url() -> str:
    """The site's address without a trailing slash, e.g. ``https://example.org``."""
    return settings.SITE_URL.rstrip("/")


def absolute_url(path: str) -> str:
    """``path`` on the site's address; a URL that is already absolute is kept."""
    if urlsplit(path).scheme:
        return path
    return site_url() + "/" + path.lstrip("/")


def hostname_and_port(url: str | None = None) -> tuple[str, int]:
    """The host name and port Wagtail's ``Site`` should hold for ``url``."""
    parts = urlsplit(url or site_url())
    default = 443 if parts.scheme == "https" else 80
    return parts.hostname or "localhost", parts.port or default


def sync_default_site() -> bool:
    """Point the default Wagtail ``Site`` at ``SITE_URL``; True if it changed."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return False
    hostname, port = hostname_and_port()
    if (site.hostname, site.port) == (hostname, port):
        return False
    site.hostname, site.port = hostname, port
    site.save(update_fields=["hostname", "port"])
    return True


def sync_after_migrate(sender, **kwargs) -> None:
    """post_migrate: keep the default site on ``SITE_URL`` after every migrate."""
    sync_default_site()
