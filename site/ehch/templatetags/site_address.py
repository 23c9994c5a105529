"""``{{ path|absolute }}``: a path on the one site address, SITE_URL."""

from __future__ import annotations

from django import template

from cms.site_address import absolute_url

register = template.Library()

# One rule for absolute links (cms.site_address), usable from any template.
register.filter("absolute", absolute_url)
