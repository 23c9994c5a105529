"""Demo content for the CMS: home, standard pages, guidance and leadership resources."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from wagtail.models import Page, Site

from cms.models import (
    GUIDANCE_VOCABULARIES,
    GuidanceIndexPage,
    GuidancePage,
    HomePage,
    HomePageFeaturedCaseStudy,
    LeadershipResourceIndexPage,
    LeadershipResourcePage,
    StandardPage,
)
from cms.sanitise import clean_rich_text
from cms.site_address import hostname_and_port, sync_default_site

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "pages"
GUIDANCE_FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "guidance"
VOCABULARY_FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "vocabulary"
# Documented case studies shown on the home page until an editor picks others.
DEMO_FEATURED = ["nottingham-city", "east-north-hertfordshire", "sutton"]


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
        hostname, port = hostname_and_port()
        Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name=settings.WAGTAIL_SITE_NAME,
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = settings.WAGTAIL_SITE_NAME
        site.save()
    sync_default_site()
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


# Ofcom keeps 01632 960000-960999 for drama: the demo's number reaches nobody.
DEMO_CONTACT = {
    "phone": "01632 960000",
    "phone_hours": "Demo only: this number is not a real line",
    "postal_address": "Demo address (not a real address)\nEHCH Learning Network",
    "reply_time": "within 10 working days",
}


def ensure_contact_details() -> bool:
    """Fill in demo contact details while none are set; True if it did."""
    from cms.models import ContactDetails

    contact = ContactDetails.load()
    if contact.is_set:
        return False
    for name, value in DEMO_CONTACT.items():
        setattr(contact, name, value)
    contact.save()
    return True


def _raw_blocks(blocks: list[dict]) -> list[dict]:
    """Turn fixture blocks into StreamField raw data, cleaning imported HTML.

    A ``case_studies`` block names case studies by slug; they become page ids,
    and slugs that are not loaded are dropped.
    """
    from casestudies.models import CaseStudyPage

    raw = []
    for block in blocks:
        kind, value = block["type"], block["value"]
        if kind == "paragraph":
            value = clean_rich_text(value)
        elif kind == "case_studies":
            ids = dict(
                CaseStudyPage.objects.filter(slug__in=value["slugs"]).values_list(
                    "slug", "pk"
                )
            )
            pages = [ids[slug] for slug in value["slugs"] if slug in ids]
            if not pages:
                continue
            value = {"heading": value["heading"], "case_studies": pages}
        raw.append({"type": kind, "value": value})
    return raw


@transaction.atomic
def load_guidance_vocabularies() -> int:
    """Create the audience, topic and level terms that are missing; return how many."""
    created = 0
    for facet, model in GUIDANCE_VOCABULARIES.items():
        with (VOCABULARY_FIXTURES / f"{facet}.yaml").open(encoding="utf-8") as handle:
            terms = yaml.safe_load(handle)["terms"]
        for order, term in enumerate(terms):
            _, was_created = model.objects.get_or_create(
                slug=term["slug"],
                defaults={
                    "label": term["label"],
                    "definition": term["definition"],
                    "sort_order": order,
                },
            )
            created += was_created
    return created


@transaction.atomic
def ensure_guidance_indexes(
    home: HomePage,
) -> tuple[GuidanceIndexPage, LeadershipResourceIndexPage]:
    """Return the /guidance/ and /leadership/ index pages, creating them if missing."""
    guidance = GuidanceIndexPage.objects.first()
    if guidance is None:
        guidance = GuidanceIndexPage(
            title="Guidance",
            slug="guidance",
            intro=(
                "Practical guidance on enhanced health in care homes, drawn from "
                "what areas learned: how to start, building trust, engaging GPs "
                "and hospitals, measuring impact, workforce and information."
            ),
        )
        home.add_child(instance=guidance)
        guidance.save_revision().publish()
    leadership = LeadershipResourceIndexPage.objects.first()
    if leadership is None:
        leadership = LeadershipResourceIndexPage(
            title="Leadership resources",
            slug="leadership",
            intro=(
                "Tools, templates and exercises for leaders on the front line, "
                "running services and leading across a local system."
            ),
        )
        home.add_child(instance=leadership)
        leadership.save_revision().publish()
    return guidance, leadership


def _build_page(data: dict):
    model = GuidancePage if data["kind"] == "guidance" else LeadershipResourcePage
    page = model(
        title=data["title"],
        slug=data["slug"],
        summary=" ".join(data["summary"].split()),
        search_description=" ".join(data["summary"].split()),
        body=_raw_blocks(data.get("body") or []),
    )
    if model is LeadershipResourcePage:
        page.kind = data["resource_kind"]
    page.audiences = list(
        GUIDANCE_VOCABULARIES["audience"].objects.filter(slug__in=data["audiences"])
    )
    page.topics = list(
        GUIDANCE_VOCABULARIES["topic"].objects.filter(slug__in=data["topics"])
    )
    page.levels = list(
        GUIDANCE_VOCABULARIES["level"].objects.filter(slug__in=data["levels"])
    )
    return page


def _feature_case_studies(home: HomePage) -> None:
    """Pick the demo's featured case studies, unless an editor already has."""
    from casestudies.models import CaseStudyPage

    if home.featured_case_studies.exists():
        return
    ids = dict(
        CaseStudyPage.objects.filter(slug__in=DEMO_FEATURED).values_list("slug", "pk")
    )
    for order, slug in enumerate(s for s in DEMO_FEATURED if s in ids):
        HomePageFeaturedCaseStudy.objects.create(
            home=home, case_study_id=ids[slug], sort_order=order
        )


def load_guidance(
    home: HomePage, progress: Callable[[str], None] = lambda _m: None
) -> int:
    """Load vocabularies, the two index pages, guidance and leadership resources.

    Also runs the editorial set-up (groups, permissions, workflow) and picks the
    home page's featured case studies. Only adds what is missing.

    Returns:
        How many pages were created.
    """
    from cms.editorial import setup_editorial

    load_guidance_vocabularies()
    guidance, leadership = ensure_guidance_indexes(home)
    created = 0
    for path in sorted(GUIDANCE_FIXTURES.glob("*.yaml")):
        data = _read_path(path)
        parent = guidance if data["kind"] == "guidance" else leadership
        if parent.get_children().filter(slug=data["slug"]).exists():
            continue
        with transaction.atomic():
            page = _build_page(data)
            parent.add_child(instance=page)
            page.save_revision().publish()
        created += 1
        progress(f"created {page.url_path.removeprefix(home.url_path[:-1])}")
    _feature_case_studies(home)
    setup_editorial(home)
    progress("editorial groups and the moderator approval workflow are set up")
    return created


def _read_path(path: Path):
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)
