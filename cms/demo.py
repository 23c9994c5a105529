"""Demo content for the CMS: the home page and the standard pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from wagtail.models import Page, Site

from cms.models import HomePage, StandardPage

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "pages"


def _read(name: str):
    with (FIXTURES / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _stream(blocks: list[dict]) -> list[tuple[str, object]]:
    return [(block["type"], block["value"]) for block in blocks]


@transaction.atomic
def ensure_home_page() -> HomePage:
    """Return the site's HomePage, creating it and pointing the default Site at it."""
    home = HomePage.objects.first()
    data = _read("home.yaml")
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(
            title=data["title"],
            slug="home",
            intro=data["intro"],
            search_description=data.get("search_description", ""),
            body=_stream(data.get("body", [])),
        )
        # Wagtail's installer leaves a "Welcome" page with the slug "home".
        for placeholder in root.get_children().filter(slug="home"):
            placeholder.specific.delete()
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=settings.WAGTAIL_SITE_NAME,
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = settings.WAGTAIL_SITE_NAME
        site.save()
    return home


@transaction.atomic
def ensure_standard_pages(progress: Callable[[str], None] = lambda _m: None) -> int:
    """Create the standard pages that do not exist yet; return how many were created."""
    home = ensure_home_page()
    created = 0
    for item in _read("standard.yaml"):
        if home.get_children().filter(slug=item["slug"]).exists():
            continue
        page = StandardPage(
            title=item["title"],
            slug=item["slug"],
            intro=item.get("intro", ""),
            body=_stream(item.get("body", [])),
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        created += 1
        progress(f"created /{item['slug']}/")
    return created
