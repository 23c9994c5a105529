"""Shared set-up for the tests of an area sharing its own case study."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse

from cms.editorial import setup_editorial
from cms.site_address import sync_default_site
from ehch import roles
from tests.casestudies.factories import ApproachFactory, build_site

SHARE_URL = "/case-studies/share/"


def shared_site():
    """(home, index) with the editorial workflow over the home page."""
    home, index = build_site()
    setup_editorial(home)
    sync_default_site()
    return home, index


def make_user(name: str, group: str | None = roles.MEMBERS):
    """A user with an address, in ``group`` (None: a pending account)."""
    user = get_user_model().objects.create_user(
        username=name, email=f"{name}@example.org", password="x" * 12
    )
    if group:
        user.groups.add(roles.ensure_groups()[group])
    return user


def rows(prefix: str, forms: list[dict]) -> dict:
    """POST data for a formset of ``forms`` (every row an extra row)."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(forms)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "30",
    }
    for number, form in enumerate(forms):
        for name, value in form.items():
            data[f"{prefix}-{number}-{name}"] = value
    return data


def share_data(outcomes=None, sources=None, **fields) -> dict:
    """A complete, valid share form; ``fields`` override or add page fields."""
    approach = ApproachFactory(slug="bottom-up", label="Bottom-up")
    data = {
        "title": "How Ashford began with four homes",
        "area": "Ashford",
        "summary": "Two practices and four homes started weekly rounds.",
        "vanguard": "no",
        "residents_involved": "unknown",
        "approach": [str(approach.pk)],
        "how_they_started": "Two practices asked four homes.\n\nThen we met monthly.",
        "what_they_did": "Weekly rounds <script>alert(1)</script> and training.",
        "confirm": "on",
        **rows(
            "outcomes",
            outcomes
            if outcomes is not None
            else [
                {
                    "measure": "Emergency admissions from the four homes",
                    "method": "before-after",
                    "unit": "admissions",
                    "baseline_value": "40",
                    "baseline_period": "2022",
                    "latest_value": "28",
                    "latest_period": "2023",
                },
                {},  # an empty row is skipped
            ],
        ),
        **rows(
            "sources",
            sources
            if sources is not None
            else [{"title": "Our board paper", "url": "https://example.org/paper"}],
        ),
    }
    data.update(fields)
    return data


def workflow_action(client, page, action: str, comment: str = ""):
    """A moderator presses approve or "request changes" in Wagtail's admin."""
    task_state = page.current_workflow_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=(page.pk, action, task_state.pk)
    )
    return client.post(url, {"comment": comment})
