"""``/robots.txt`` and ``/favicon.ico``: what crawlers and browsers ask for first.

Crawlers are kept out of the admin, account, member and search pages (search
results are endless and say nothing a page does not) and pointed at the
sitemap, which lists public pages only.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

DISALLOWED = (
    "/admin/",
    "/django-admin/",
    "/accounts/",
    "/members/",
    "/search/",
    "/forum/moderation/",
    "/forum/tools/",
    "/forum/member/",
    "/_util/",
)


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    """The crawler rules, with the sitemap's absolute address."""
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED)]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers and feed readers ask for /favicon.ico: send them to the icon."""
    return HttpResponsePermanentRedirect(static("ehch/build/favicon.svg"))
