"""Cache-Control: what a CDN or proxy may keep, one class of answer at a time.

Public pages for anonymous readers are ``public`` for PUBLIC_CACHE_SECONDS and
vary on cookies; signed-in pages, forms, restricted pages, search, exports
and errors are ``private, no-store``, so no shared cache hands them on.
"""

from __future__ import annotations

import pytest
from django.test import Client
from wagtail.models import PageViewRestriction

from tests.casestudies.factories import CaseStudyFactory
from tests.cms.factories import GuidancePageFactory, build_cms_site
from tests.members.factories import approved_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def guidance(settings):
    settings.PUBLIC_CACHE_SECONDS = 300
    _home, guidance_index, _leadership = build_cms_site()
    page = GuidancePageFactory(parent=guidance_index, title="Falls at night")
    page.save_revision().publish()
    return page


def _assert_public(response, seconds=300):
    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    # Shared caches keep it; a browser asks again each visit (max-age=0).
    assert directives == {"public", "max-age=0", f"s-maxage={seconds}"}
    assert "Cookie" in response["Vary"]


def _assert_private(response):
    cache_control = response.get("Cache-Control", "")
    assert "public" not in cache_control
    assert "private" in cache_control
    assert "no-store" in cache_control


def test_an_anonymous_guidance_page_may_be_kept_by_a_cdn(client, guidance):
    _assert_public(client.get(guidance.url))


def test_public_cache_seconds_sets_max_age(client, guidance, settings):
    settings.PUBLIC_CACHE_SECONDS = 60
    _assert_public(client.get(guidance.url), seconds=60)


def test_zero_public_cache_seconds_shares_nothing(client, guidance, settings):
    settings.PUBLIC_CACHE_SECONDS = 0
    _assert_private(client.get(guidance.url))


def test_the_page_cache_hit_carries_the_same_header_as_the_miss(
    client, guidance, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    first = client.get(guidance.url)
    second = client.get(guidance.url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    _assert_public(first)
    _assert_public(second)


def test_the_same_page_signed_in_is_private(client, guidance):
    client.force_login(approved_member())
    response = client.get(guidance.url)
    assert response.status_code == 200
    _assert_private(response)


def test_a_visitor_with_another_cookie_gets_a_private_page(client, guidance):
    client.cookies["voices_visitor"] = "someone"
    _assert_private(client.get(guidance.url))


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/what-good-looks-like/share/", "/accounts/signup/"]
)
def test_a_page_with_a_form_is_not_public(client, guidance, url):
    response = client.get(url)
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    _assert_private(response)


def test_a_response_setting_a_cookie_is_not_public(client, guidance):
    response = client.get("/accounts/login/")
    assert response.cookies  # the CSRF cookie
    _assert_private(response)


@pytest.mark.parametrize(
    "kind", [PageViewRestriction.LOGIN, PageViewRestriction.PASSWORD]
)
def test_a_restricted_page_is_never_public(client, guidance, kind):
    PageViewRestriction.objects.create(
        page=guidance, restriction_type=kind, password="a password"
    )
    anonymous = client.get(guidance.url)
    assert anonymous.status_code in {200, 302}  # the password form or sign-in
    _assert_private(anonymous)


def test_a_members_only_page_is_private_for_the_member_who_reads_it(client, guidance):
    PageViewRestriction.objects.create(
        page=guidance, restriction_type=PageViewRestriction.LOGIN
    )
    client.force_login(approved_member())
    response = client.get(guidance.url)
    assert response.status_code == 200
    _assert_private(response)


def test_search_and_exports_are_not_public(client, guidance):
    index = guidance.get_parent().get_parent().get_children().get(slug="case-studies")
    CaseStudyFactory(parent=index, title="Shared meals")
    for url in [
        "/search/?q=falls",
        "/search/?q=falls&format=json",
        "/case-studies/?format=json",
        "/case-studies/?format=csv",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_private(response)


def test_a_404_is_not_public(client, guidance):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    _assert_private(response)


@pytest.mark.urls("tests.ehch.broken_urls")
def test_a_500_is_not_public(guidance):
    response = Client(raise_request_exception=False).get("/broken/")
    assert response.status_code == 500
    _assert_private(response)


def test_a_view_that_says_its_own_cache_control_keeps_it(client, guidance):
    response = client.get("/robots.txt")
    assert response["Cache-Control"] in {
        "max-age=86400, public",
        "public, max-age=86400",
    }
