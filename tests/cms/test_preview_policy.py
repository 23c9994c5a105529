"""Previews may be framed by the site's own admin; public pages by nobody."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.cms.factories import GuidancePageFactory, build_cms_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def guidance():
    _home, index, _leadership = build_cms_site()
    return GuidancePageFactory(parent=index)


@pytest.fixture
def admin_client(client):
    client.force_login(
        get_user_model().objects.create_superuser(
            "root", "root@example.org", "pw-long-enough-1"
        )
    )
    return client


def test_a_preview_may_be_framed_by_the_site_and_carries_wagtails_checks(
    admin_client, guidance
):
    response = admin_client.get(
        reverse("wagtailadmin_pages:view_draft", args=[guidance.pk])
    )
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy
    assert "script-src 'self';" in policy + ";"  # the public page's strict rest
    assert "wagtail-userbar" in response.content.decode()


def test_the_live_page_is_framed_by_nobody(admin_client, guidance):
    response = admin_client.get(guidance.url)
    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_an_editor_gets_wagtails_bar_on_the_live_page_with_a_link_to_edit_it(
    client, guidance
):
    from tests.members.factories import editor

    client.force_login(editor())
    html = client.get(guidance.url).content.decode()
    assert "wagtail-userbar" in html
    assert reverse("wagtailadmin_pages:edit", args=[guidance.pk]) in html


@pytest.mark.parametrize("who", ["visitor", "pending member", "approved member"])
def test_nobody_without_admin_access_gets_wagtails_bar(client, guidance, who):
    from tests.members import factories

    if who != "visitor":
        client.force_login(getattr(factories, who.replace(" ", "_"))())
    html = client.get(guidance.url).content.decode()
    assert "wagtail-userbar" not in html
