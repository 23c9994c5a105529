"""Many-valued vocabularies are tick boxes in the editor, not Ctrl-click lists."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.casestudies.factories import CaseStudyFactory
from tests.cms.factories import GuidancePageFactory, build_cms_site

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def one_term_each():
    """Tick boxes render only for terms that exist."""
    from casestudies.models import Approach, CareElement, ChallengeType, Rollout
    from cms.models import Audience, LeadershipLevel, Topic

    for model in (Approach, Rollout, ChallengeType, CareElement):
        model.objects.get_or_create(slug=f"a-{model._meta.model_name}", label="A")
    for model in (Audience, Topic, LeadershipLevel):
        model.objects.get_or_create(slug=f"a-{model._meta.model_name}", label="A")


@pytest.fixture
def editor_client(client):
    client.force_login(
        get_user_model().objects.create_superuser(
            "root", "root@example.org", "pw-long-enough-1"
        )
    )
    return client


def _edit_form(client, page) -> str:
    response = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    return response.content.decode()


def _is_tick_boxes(html: str, field: str) -> bool:
    checkbox = re.search(
        rf'type="checkbox"[^>]*name="{field}"|name="{field}"[^>]*type="checkbox"', html
    )
    return bool(checkbox) and not re.search(rf'<select[^>]*name="{field}"', html)


@pytest.mark.parametrize("field", ["audiences", "topics", "levels"])
def test_guidance_vocabularies_are_tick_boxes(editor_client, field):
    _home, index, _ = build_cms_site()
    assert _is_tick_boxes(
        _edit_form(editor_client, GuidancePageFactory(parent=index)), field
    )


@pytest.mark.parametrize("field", ["approach", "rollout", "challenges", "elements"])
def test_case_study_vocabularies_are_tick_boxes(editor_client, field):
    home, _index, _ = build_cms_site()
    case_index = home.get_children().get(slug="case-studies").specific
    html = _edit_form(editor_client, CaseStudyFactory(parent=case_index))
    assert _is_tick_boxes(html, field)
