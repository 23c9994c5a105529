"""One site address (issue 16, item 2): SITE_URL decides every absolute link.

`make run PORT=8123` exports SITE_URL=http://127.0.0.1:8123; Wagtail's Site
record follows it after every migrate and in load_demo, so canonical links,
og:url, the sitemap, the case-study Atom feed and CSV, and email links all
name port 8123 and never localhost.
"""

from __future__ import annotations

import pytest
from django.core import mail
from wagtail.models import Site

from cms.site_address import (
    absolute_url,
    hostname_and_port,
    sync_after_migrate,
    sync_default_site,
)
from tests.casestudies.factories import CaseStudyFactory
from tests.cms.factories import GuidancePageFactory, build_cms_site

pytestmark = pytest.mark.django_db

ADDRESS = "http://127.0.0.1:8123"


@pytest.fixture
def on_port_8123(settings):
    settings.SITE_URL = ADDRESS
    settings.WAGTAILADMIN_BASE_URL = ADDRESS
    home, guidance_index, _ = build_cms_site()  # a Site on localhost:80
    sync_default_site()
    case_index = home.get_children().get(slug="case-studies").specific
    return {
        "guidance": GuidancePageFactory(parent=guidance_index, slug="rounds"),
        "case": CaseStudyFactory(parent=case_index, slug="somerset"),
    }


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://127.0.0.1:8123", ("127.0.0.1", 8123)),
        ("https://network.example.org", ("network.example.org", 443)),
        ("http://network.example.org/", ("network.example.org", 80)),
    ],
)
def test_the_site_record_takes_host_and_port_from_the_address(url, expected):
    assert hostname_and_port(url) == expected


def test_migrate_and_load_demo_point_the_default_site_at_site_url(settings):
    settings.SITE_URL = ADDRESS
    build_cms_site()
    sync_after_migrate(sender=None)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8123)
    assert sync_default_site() is False  # already there: nothing written


def test_absolute_urls_use_the_site_address_and_keep_absolute_ones(settings):
    settings.SITE_URL = ADDRESS + "/"
    assert absolute_url("/guidance/") == ADDRESS + "/guidance/"
    assert absolute_url("https://other.example.org/x") == "https://other.example.org/x"


def test_canonical_og_url_and_sitemap_name_the_port(client, on_port_8123):
    html = client.get("/guidance/rounds/").content.decode()
    assert f'<link rel="canonical" href="{ADDRESS}/guidance/rounds/">' in html
    assert f'property="og:url" content="{ADDRESS}/guidance/rounds/"' in html
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"<loc>{ADDRESS}/guidance/rounds/</loc>" in sitemap
    assert "localhost" not in html + sitemap


def test_the_case_study_feed_and_csv_name_the_port(client, on_port_8123):
    atom = client.get("/case-studies/?format=atom").content.decode()
    assert f"{ADDRESS}/case-studies/somerset/" in atom
    csv = client.get("/case-studies/?format=csv").content.decode()
    assert f"{ADDRESS}/case-studies/somerset/" in csv
    assert "localhost" not in atom + csv
    # Even when the request came in by another name the proxy passed on.
    other = client.get("/case-studies/?format=atom", HTTP_HOST="localhost")
    assert f"{ADDRESS}/case-studies/somerset/" in other.content.decode()


def test_email_links_name_the_port(on_port_8123):
    from ehch.accounts.membership import email_moderators_about_application
    from tests.members.factories import moderator, pending_member

    moderator()
    profile = pending_member().member_profile
    assert email_moderators_about_application(profile.pk) >= 1
    bodies = "".join(m.body for m in mail.outbox)
    assert f"{ADDRESS}/admin/members/" in bodies
    assert "localhost" not in bodies


def test_case_studies_carry_canonical_open_graph_and_twitter_tags(client, on_port_8123):
    for path, title in (
        ("/case-studies/somerset/", on_port_8123["case"].title),
        ("/case-studies/", "Case studies"),
    ):
        html = client.get(path).content.decode()
        assert f'<link rel="canonical" href="{ADDRESS}{path}">' in html, path
        assert f'property="og:url" content="{ADDRESS}{path}"' in html, path
        assert 'name="twitter:card" content="summary_large_image"' in html, path
        assert "og:title" in html and title.split()[0] in html, path
