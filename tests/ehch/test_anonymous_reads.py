"""An anonymous visitor's GET writes nothing: no session row, no cookie."""

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["/", "/about/", "/case-studies/", "/forum/", "/healthz"]
)
def test_anonymous_get_sets_no_cookie_and_stores_no_session(client, url):
    call_command("load_demo", verbosity=0)
    response = client.get(url)
    assert response.status_code == 200
    assert not response.cookies, f"{url} set cookies: {list(response.cookies)}"
    assert Session.objects.count() == 0
