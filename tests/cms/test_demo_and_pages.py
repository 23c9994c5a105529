"""The home page, the standard pages and the idempotent demo loader."""

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from cms.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def test_load_demo_twice_creates_each_page_once(demo):
    pages_after_first_run = Page.objects.count()
    call_command("load_demo", verbosity=0)
    assert Page.objects.count() == pages_after_first_run
    assert HomePage.objects.count() == 1
    assert sorted(StandardPage.objects.values_list("slug", flat=True)) == [
        "about",
        "accessibility",
        "privacy",
        "terms",
    ]


def test_load_demo_makes_the_home_page_the_default_site_root(demo):
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific_class is HomePage
    # Wagtail's own placeholder welcome page is gone.
    assert not Page.objects.filter(
        title__startswith="Welcome to your new Wagtail"
    ).exists()


def test_home_page_shows_intro_and_routes_for_each_kind_of_visitor(client, demo):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Older people living in care homes" in html
    for label in [
        "I lead a care home",
        "I work in general practice",
        "I commission services",
        "I live in a care home, or my relative does",
    ]:
        assert label in html


@pytest.mark.parametrize("slug", ["about", "accessibility", "privacy", "terms"])
def test_standard_pages_are_served_at_stable_urls(client, demo, slug):
    response = client.get(f"/{slug}/")
    assert response.status_code == 200
    assert StandardPage.objects.get(slug=slug).title in response.content.decode()


def test_layout_has_skip_link_navigation_and_footer(client, demo):
    html = client.get("/about/").content.decode()
    assert 'href="#maincontent"' in html
    assert 'id="maincontent"' in html
    for href in [
        "/case-studies/",
        "/guidance/",
        "/forum/",
        "/what-good-looks-like/",
        "/search/",
    ]:
        assert f'href="{href}"' in html
    assert "Not an NHS service" in html


def test_wagtail_admin_login_is_served(client):
    assert client.get("/admin/login/").status_code == 200


def test_django_admin_login_is_served(client):
    assert client.get("/django-admin/login/").status_code == 200


def test_forum_index_is_served_in_the_site_layout(client, demo):
    response = client.get("/forum/")
    assert response.status_code == 200
    assert 'id="maincontent"' in response.content.decode()


def test_unknown_page_is_a_plain_english_404(client, demo):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert 'id="maincontent"' in response.content.decode()
