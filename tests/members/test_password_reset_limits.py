"""Every password-reset route is limited per address and per account."""

import pytest
from django.conf import settings
from django.core import mail

from .factories import administrator, approved_member

pytestmark = pytest.mark.django_db

ROUTES = ["/accounts/password/reset/", "/admin/password_reset/"]


def _ask(client, url, email, ip):
    return client.post(url, {"email": email}, REMOTE_ADDR=ip)


@pytest.mark.parametrize("url", ROUTES)
def test_one_account_gets_a_limited_number_of_reset_emails_from_any_addresses(
    client, url
):
    user = administrator()  # Wagtail's admin only emails people it would admit
    per_account, _window = settings.PASSWORD_RESET_RATE_LIMIT
    answers = [
        _ask(client, url, user.email, ip=f"10.8.0.{n}").status_code for n in range(12)
    ]
    assert answers[:per_account] == [302] * per_account
    assert set(answers[per_account:]) == {429}
    assert len(mail.outbox) == per_account
    # The account is the same whatever case the address is typed in.
    assert _ask(client, url, user.email.upper(), ip="10.8.1.1").status_code == 429


@pytest.mark.parametrize("url", ROUTES)
def test_one_address_asking_for_many_accounts_is_limited(client, url):
    limit = settings.PASSWORD_RESET_ADDRESS_RATE_LIMIT
    for n in range(limit):
        assert _ask(client, url, f"n{n}@example.org", ip="10.8.2.1").status_code == 302
    response = _ask(client, url, "one-more@example.org", ip="10.8.2.1")
    assert response.status_code == 429
    assert b"Too many attempts" in response.content
    assert int(response["Retry-After"]) > 0
    assert _ask(client, url, "one-more@example.org", ip="10.8.2.2").status_code == 302


def test_an_unknown_address_is_limited_exactly_like_a_real_one(client):
    member = approved_member()
    url = ROUTES[0]
    per_account, _window = settings.PASSWORD_RESET_RATE_LIMIT
    for n in range(per_account):
        _ask(client, url, member.email, ip=f"10.8.3.{n}")
        _ask(client, url, "nobody@example.org", ip=f"10.8.4.{n}")
    real = _ask(client, url, member.email, ip="10.8.5.1")
    unknown = _ask(client, url, "nobody@example.org", ip="10.8.5.2")
    assert real.status_code == unknown.status_code == 429
