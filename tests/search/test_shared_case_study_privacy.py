"""A case study an area has shared stays out of sight until an editor publishes
it; its contact's address reaches only approved members. Checked on both
engines, in every place case studies leave the site."""

from __future__ import annotations

import pytest

from casestudies.models import CaseStudySubmission
from ehch import roles
from tests.casestudies.sharing_helpers import (
    SHARE_URL,
    make_user,
    share_data,
    shared_site,
    workflow_action,
)

pytestmark = pytest.mark.django_db

TITLE = "How Ashford began with four homes"
OUTPUTS = [
    "/case-studies/",
    "/case-studies/?format=json",
    "/case-studies/?format=csv",
    "/case-studies/?format=atom",
    "/case-studies/?q=Ashford",
    "/search/?q=Ashford",
    "/sitemap.xml",
]


def _everything_public(client) -> str:
    client.logout()
    return "\n".join(
        client.get(url).content.decode(errors="replace") for url in OUTPUTS
    )


def test_a_shared_draft_is_nowhere_until_published(client, engine, reindex, refresh):
    shared_site()
    member = make_user("member")
    moderator = make_user("moderator", roles.MODERATORS)
    client.force_login(member)
    response = client.post(
        SHARE_URL,
        share_data(
            contact_name="Sam Patel",
            contact_role="Care home manager, Oak House",
            contact_email="sam.patel@example.org",
            contact_consent="on",
        ),
    )
    assert response.status_code == 302
    page = CaseStudySubmission.objects.get().page
    reindex()
    refresh()
    assert TITLE not in _everything_public(client)
    assert client.get(page.url).status_code == 404
    client.force_login(make_user("another"))
    assert client.get(page.url).status_code == 404
    assert TITLE not in client.get("/case-studies/?format=json").content.decode()

    client.force_login(moderator)
    assert workflow_action(client, page, "approve").status_code == 302
    reindex()
    refresh()
    public = _everything_public(client)
    assert public.count(TITLE) >= len(OUTPUTS) - 1  # the sitemap lists the URL
    assert page.url in client.get("/sitemap.xml").content.decode()
    # The contact is named on the page, but their address only for members.
    html = client.get(page.url).content.decode()
    assert "Sam Patel" in html and "Care home manager, Oak House" in html
    assert "sam.patel@example.org" not in html
    assert "sam.patel@example.org" not in public
    client.force_login(make_user("waiting", group=None))
    assert "sam.patel@example.org" not in client.get(page.url).content.decode()
    client.force_login(member)
    assert "sam.patel@example.org" in client.get(page.url).content.decode()
    for url in OUTPUTS:
        assert "sam.patel@example.org" not in client.get(url).content.decode()
