"""Demo content for the residents' space: themes, illustrative statements, a synthesis.

Reads fixtures/voices/*.yaml. Only adds what is missing, so a second run (or
moderators' later changes) are left alone. Every statement is marked
illustrative, so the public pages label it "Example only".
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from casestudies.models import Region

from .models import (
    StatementResponse,
    Status,
    Submission,
    Theme,
    ThemeSynthesisPage,
)
from .roles import ensure_voice_roles
from .sharing import receive_submission

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "voices"


def _read(name: str) -> dict:
    with (FIXTURES / name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@transaction.atomic
def load_themes() -> int:
    """Create the themes that do not exist yet; return how many."""
    created = 0
    for order, term in enumerate(_read("themes.yaml")["terms"]):
        _, was_created = Theme.objects.get_or_create(
            slug=term["slug"],
            defaults={
                "label": term["label"],
                "definition": term["definition"],
                "symbol": term["symbol"],
                "sort_order": order,
            },
        )
        created += was_created
    return created


@transaction.atomic
def load_statements() -> int:
    """Create and publish the illustrative statements that are missing."""
    created = 0
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    regions = {region.slug: region for region in Region.objects.all()}
    for item in _read("statements.yaml")["statements"]:
        text = " ".join(item["text"].split())
        if Submission.objects.filter(illustrative=True, original_text=text).exists():
            continue
        chosen = [themes[slug] for slug in item["themes"] if slug in themes]
        on_behalf = item["role"] in ("advocate", "staff")
        submission = receive_submission(
            sharer_role=item["role"],
            text=text,
            themes=chosen,
            region=regions.get(item.get("region") or ""),
            consent_to_publish=True,
            channel="assisted" if on_behalf else "web",
            recorded_on_behalf=on_behalf,
            recorded_by=item["role"] if on_behalf else "",
        )
        # Demo content skips the queue (and the signals): nothing real is here.
        # A view whose words suggest harm waits for a person even in the demo.
        rows = Submission.objects.filter(pk=submission.pk)
        rows.update(illustrative=True)
        rows.filter(possible_safeguarding=False).update(
            status=Status.APPROVED, published_at=timezone.now()
        )
        created += 1
    return created


@transaction.atomic
def load_synthesis(home: Page) -> int:
    """Create and publish the demo synthesis page when it is missing."""
    data = _read("synthesis.yaml")
    theme = Theme.objects.filter(slug=data["theme"]).first()
    if theme is None or ThemeSynthesisPage.objects.filter(slug=data["slug"]).exists():
        return 0
    related = []
    for link in data.get("related_pages", []):
        page = Page.objects.live().filter(slug=link["slug"]).first()
        if page is not None:
            related.append(("related_page", {"page": page, "note": link["note"]}))
    synthesis = ThemeSynthesisPage(
        title=data["title"],
        slug=data["slug"],
        theme=theme,
        summary=data["summary"],
        body=data["body"],
        related_pages=related,
    )
    home.add_child(instance=synthesis)
    synthesis.statements.set(
        Submission.objects.published().for_theme(theme).filter(illustrative=True)
    )
    synthesis.save_revision().publish()
    return 1


@transaction.atomic
def load_response() -> int:
    """Add one example public response to the first example view, once."""
    statement = (
        Submission.objects.published().filter(illustrative=True).order_by("pk").first()
    )
    if statement is None or StatementResponse.objects.exists():
        return 0
    guidance = Page.objects.live().filter(slug="how-to-start").first()
    StatementResponse.objects.create(
        statement=statement,
        responder="The network's editors (an example response)",
        text="This shows how a response looks: what was done after a view was "
        "shared, in plain words, with a link to guidance or a case study.",
        linked_page=guidance,
        author_not_told="An example: nobody shared this view, so nobody was told.",
    )
    return 1


def load_voices(home: Page, progress: Callable[[str], None] = print) -> int:
    """Load the whole space's demo content; return how many pages were added."""
    ensure_voice_roles()
    progress(f"{load_themes()} themes added")
    progress(f"{load_statements()} illustrative statements added")
    pages = load_synthesis(home)
    progress(f"{pages} synthesis page added")
    progress(f"{load_response()} example response added")
    return pages
