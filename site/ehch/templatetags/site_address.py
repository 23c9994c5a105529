"""``{{ path|absolute }}``: a path on the one site address, SITE_URL."""

from __future__ import annotations

from django import template
from django.conf import settings

register = template.Library()


@register.filter
def absolute(path: str) -> str:
    """``path`` (``/forum/...``) as an absolute URL on ``SITE_URL``."""
    return settings.SITE_URL.rstrip("/") + "/" + str(path).lstrip("/")
