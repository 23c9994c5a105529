"""Behind a trusted proxy, limits count the forwarded client; a forger gains nothing.

The real limiters, end to end: our own (sign-up, password reset), axes'
lock-out and its sign-in records, and allauth's limits through the adapter.
"""

import pytest
from allauth.account.adapter import get_adapter
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.test import override_settings

from .factories import PASSWORD, approved_member

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("_behind_the_balancer"),
]

BALANCER = "10.20.0.5"  # one of ours
OUTSIDER = "203.0.113.9"  # connects directly, not through the balancer
SIGNUP = "/accounts/signup/"
LOGIN = "/accounts/login/"
RESET = "/accounts/password/reset/"


@pytest.fixture
def _behind_the_balancer():
    with override_settings(TRUSTED_PROXIES=["10.20.0.0/24"]):
        yield


def _via_balancer(client_address):
    return {"REMOTE_ADDR": BALANCER, "HTTP_X_FORWARDED_FOR": client_address}


def _forged(n):
    """A direct request whose header claims a new client each time."""
    return {
        "REMOTE_ADDR": OUTSIDER,
        "HTTP_X_FORWARDED_FOR": f"198.51.100.{n}, {BALANCER}",
    }


def test_through_the_balancer_two_clients_do_not_share_a_sign_up_quota(client):
    limit, _window = settings.SIGNUP_RATE_LIMIT
    first, second = _via_balancer("198.51.100.1"), _via_balancer("198.51.100.2")
    for _ in range(limit):
        assert client.post(SIGNUP, {}, **first).status_code == 200
    assert client.post(SIGNUP, {}, **first).status_code == 429
    assert client.post(SIGNUP, {}, **second).status_code == 200


def test_a_forged_header_from_outside_is_limited_by_its_real_address(client):
    limit, _window = settings.SIGNUP_RATE_LIMIT
    answers = [client.post(SIGNUP, {}, **_forged(n)).status_code for n in range(8)]
    assert answers == [200] * limit + [429] * (8 - limit)
    # The clients it claimed to be were never counted.
    assert client.post(SIGNUP, {}, **_via_balancer("198.51.100.7")).status_code == 200


def test_password_reset_per_address_counts_the_forwarded_client(client):
    limit = settings.PASSWORD_RESET_ADDRESS_RATE_LIMIT
    for n in range(limit):
        data = {"email": f"n{n}@example.org"}
        response = client.post(RESET, data, **_via_balancer("198.51.100.1"))
        assert response.status_code == 302
    data = {"email": "one-more@example.org"}
    assert client.post(RESET, data, **_via_balancer("198.51.100.1")).status_code == 429
    assert client.post(RESET, data, **_via_balancer("198.51.100.2")).status_code == 302
    for n in range(limit):
        client.post(RESET, {"email": f"f{n}@example.org"}, **_forged(n))
    assert client.post(RESET, data, **_forged(99)).status_code == 429


def _sign_in(client, member, password, extra):
    return client.post(LOGIN, {"login": member.email, "password": password}, **extra)


def test_the_lock_out_counts_the_forwarded_client_and_records_its_address(client):
    member = approved_member()
    attacker = _via_balancer("198.51.100.66")
    statuses = [
        _sign_in(client, member, "wrong", attacker).status_code for _ in range(10)
    ]
    assert statuses == [200] * 9 + [429]
    assert _sign_in(client, member, PASSWORD, attacker).status_code == 429
    # axes' record names the client, not the balancer.
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        "198.51.100.66"
    }

    # The owner, through the same balancer from elsewhere, signs in at once.
    owner = _via_balancer("192.0.2.44")
    assert _sign_in(client, member, PASSWORD, owner).status_code == 302
    assert AccessLog.objects.get(username=member.username).ip_address == "192.0.2.44"


def test_rotating_a_forged_header_does_not_escape_the_lock_out(client):
    member = approved_member()
    statuses = [
        _sign_in(client, member, "wrong", _forged(n)).status_code for n in range(10)
    ]
    assert statuses == [200] * 9 + [429]
    assert _sign_in(client, member, PASSWORD, _forged(50)).status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {OUTSIDER}
    # Another client through the balancer is not locked by what OUTSIDER did.
    other = _via_balancer("192.0.2.45")
    assert _sign_in(client, member, PASSWORD, other).status_code == 302


def test_allauths_own_limits_see_the_same_address(rf):
    adapter = get_adapter()
    assert adapter.get_client_ip(rf.get("/", **_via_balancer("198.51.100.3"))) == (
        "198.51.100.3"
    )
    assert adapter.get_client_ip(rf.get("/", **_forged(3))) == OUTSIDER
