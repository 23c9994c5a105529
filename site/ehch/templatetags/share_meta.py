"""``{% share_meta %}``: canonical, Open Graph and Twitter card tags for a page.

base.html calls it with no arguments on every page, so a page type that says
nothing still gets tags on SITE_URL; a Wagtail page supplies its own title and
description (``seo_title``/``search_description`` when set, else its intro or
summary), and any template can pass ``title``, ``description``, ``url``,
``og_type`` or ``image`` in its ``share_meta`` block.
"""

from __future__ import annotations

from django import template
from django.templatetags.static import static
from wagtail.models import Page

from cms.site_address import absolute_url

register = template.Library()

SITE_NAME = "EHCH Learning Network"
SITE_DESCRIPTION = (
    "A learning network for people who make Enhanced Health in Care Homes "
    "work: case studies, guidance and a forum."
)
# Plain NHS blue with the network's name, 1200 by 630 (the size sites crop to).
DEFAULT_IMAGE = "ehch/share-card.png"


def _page_text(page: Page) -> tuple[str, str]:
    description = (
        page.search_description
        or getattr(page, "intro", "")
        or getattr(page, "summary", "")
    )
    return page.seo_title or page.title, description


def _path(context: template.Context, page: Page | None) -> str:
    request = context.get("request")
    if page is not None and (request is None or getattr(request, "is_preview", 0)):
        # A preview's request is the admin's; the page's own address is meant.
        return page.url or "/"
    return request.path if request is not None else "/"


@register.inclusion_tag("components/share_meta.html", takes_context=True)
def share_meta(
    context: template.Context,
    title: str = "",
    description: str = "",
    url: str = "",
    og_type: str = "website",
    image: str = "",
) -> dict:
    """The tags' values: arguments first, then the Wagtail page, then the site's.

    Args:
        context: The template context (``request`` and, on Wagtail pages, ``page``).
        title: What to call the page when shared.
        description: One or two plain sentences (HTML is stripped).
        url: The page's path or address; the request's path if empty.
        og_type: ``website`` or ``article``.
        image: A static file path; the share card if empty.

    Returns:
        The include's context, every address absolute on SITE_URL.
    """
    page = context.get("page")
    page = page if isinstance(page, Page) else None
    if page is not None:
        page_title, page_description = _page_text(page)
        title = title or page_title
        description = description or page_description
    return {
        "site_name": SITE_NAME,
        "title": title or SITE_NAME,
        "description": description or SITE_DESCRIPTION,
        "url": absolute_url(url or _path(context, page)),
        "og_type": og_type,
        "image": absolute_url(static(image or DEFAULT_IMAGE)),
        "image_is_card": not image,
    }
