"""The sign-in lock-out: per (account, address), per address, and a slow-down."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings

from ehch.accounts.lockout import slowdown_seconds

from .factories import PASSWORD, approved_member, moderator

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _sign_in(client, login, password=PASSWORD, ip="10.1.1.1", url=LOGIN):
    field = "login" if url == LOGIN else "username"
    return client.post(url, {field: login, "password": password}, REMOTE_ADDR=ip)


def _fail(client, login, times, ip="10.1.1.1", url=LOGIN):
    return [
        _sign_in(client, login, "wrong", ip=ip, url=url).status_code
        for _ in range(times)
    ]


def _signed_in_as(client, user):
    return client.session.get("_auth_user_id") == str(user.pk)


def _age_attempts(by: timedelta):
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= by
        attempt.save(update_fields=["attempt_time"])


def test_ten_failures_lock_that_account_from_that_address_until_the_cool_off(client):
    member = approved_member()
    assert set(_fail(client, member.email, 9)) == {200}
    assert _fail(client, member.email, 1) == [429]

    response = _sign_in(client, member.email)  # even the right password
    assert response.status_code == 429
    assert b"Sign-in is locked for now" in response.content
    assert int(response["Retry-After"]) == settings.AXES_COOLOFF_TIME * 3600
    assert not _signed_in_as(client, member)

    _age_attempts(timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1))
    assert _sign_in(client, member.email).status_code == 302
    assert _signed_in_as(client, member)


def test_after_fifteen_failures_others_at_that_address_and_the_owner_elsewhere_sign_in(
    client,
):
    attacked, colleague = approved_member(), approved_member()
    statuses = _fail(client, attacked.email, 15, ip="10.9.9.9")
    assert statuses[:9] == [200] * 9 and set(statuses[9:]) == {429}

    # Another member behind the same (shared) address signs in.
    assert _sign_in(client, colleague.email, ip="10.9.9.9").status_code == 302
    assert _signed_in_as(client, colleague)
    client.logout()

    # The attacked member signs in from elsewhere, at once.
    assert _sign_in(client, attacked.email, ip="10.7.7.7").status_code == 302
    assert _signed_in_as(client, attacked)
    client.logout()

    # From the attacking address that account stays locked.
    assert _sign_in(client, attacked.email, ip="10.9.9.9").status_code == 429


def test_the_account_is_counted_whatever_identifier_is_typed_at_any_door(client):
    staff = moderator()  # may use the Wagtail admin
    _fail(client, staff.email.upper(), 4)
    _fail(client, staff.username.upper(), 3, url="/admin/login/")
    _fail(client, staff.username, 3, url="/django-admin/login/")
    assert AccessAttempt.objects.values("username").distinct().count() == 1

    for url, login in [
        (LOGIN, staff.email),
        ("/admin/login/", staff.username),
        ("/admin/login/", staff.email),
        ("/django-admin/login/", staff.username),
    ]:
        response = _sign_in(client, login, url=url)
        assert response.status_code == 429, url
        assert not _signed_in_as(client, staff), url


def test_one_address_guessing_many_accounts_meets_the_much_higher_address_limit(
    client,
):
    member = approved_member()
    limit = settings.AXES_ADDRESS_FAILURE_LIMIT
    assert limit >= 5 * settings.AXES_FAILURE_LIMIT
    for n in range(limit - 1):
        _fail(client, f"guess{n}@example.org", 1, ip="10.4.0.1")
    # Well past the pair limit, members at that address still sign in.
    assert _sign_in(client, member.email, ip="10.4.0.1").status_code == 302
    client.logout()

    assert _fail(client, "one-more@example.org", 1, ip="10.4.0.1") == [429]
    response = _sign_in(client, member.email, ip="10.4.0.1")
    assert response.status_code == 429
    assert not _signed_in_as(client, member)
    assert _sign_in(client, member.email, ip="10.4.0.2").status_code == 302


def test_many_addresses_against_one_account_slow_it_down_but_never_lock_the_owner(
    client,
):
    member = approved_member()
    start = settings.AXES_ACCOUNT_SLOWDOWN_AFTER
    for n in range(start):
        assert _fail(client, member.email, 1, ip=f"10.2.0.{n}") == [200]

    # The next attempt, from anywhere new, has to wait; the password is not checked.
    response = _sign_in(client, member.email, ip="10.3.0.1")
    assert response.status_code == 429
    assert b"Please wait before signing in" in response.content
    assert 1 <= int(response["Retry-After"]) <= 2
    assert not _signed_in_as(client, member)
    # Refused attempts are not counted, so an attacker cannot make the wait grow.
    for n in range(5):
        _fail(client, member.email, 1, ip=f"10.5.0.{n}")
    assert slowdown_seconds(
        sum(a.failures_since_start for a in AccessAttempt.objects.all())
    ) == slowdown_seconds(start)

    # Once the wait has passed the owner signs in (it is a delay, not a lock).
    _age_attempts(timedelta(seconds=3))
    assert _sign_in(client, member.email, ip="10.3.0.1").status_code == 302
    assert _signed_in_as(client, member)


def test_the_owner_signs_in_at_once_from_an_address_they_used_before(client):
    member = approved_member()
    assert _sign_in(client, member.email, ip="10.6.0.1").status_code == 302
    client.logout()
    for n in range(settings.AXES_ACCOUNT_SLOWDOWN_AFTER + 3):
        _fail(client, member.email, 1, ip=f"10.2.1.{n}")
    assert _sign_in(client, member.email, ip="10.3.1.1").status_code == 429
    assert _sign_in(client, member.email, ip="10.6.0.1").status_code == 302
    assert _signed_in_as(client, member)


def test_an_unknown_account_is_slowed_exactly_like_a_real_one(client):
    member = approved_member()
    start = settings.AXES_ACCOUNT_SLOWDOWN_AFTER
    for n in range(start):
        _fail(client, member.email, 1, ip=f"10.2.2.{n}")
        _fail(client, "nobody@example.org", 1, ip=f"10.2.2.{n}")
    real = _sign_in(client, member.email, "wrong", ip="10.3.2.1")
    unknown = _sign_in(client, "nobody@example.org", "wrong", ip="10.3.2.1")
    assert real.status_code == unknown.status_code == 429
    assert real.content == unknown.content


def test_the_wait_doubles_with_each_failure_up_to_a_ceiling():
    start = settings.AXES_ACCOUNT_SLOWDOWN_AFTER
    assert slowdown_seconds(start - 1) == 0
    assert [slowdown_seconds(start + n) for n in range(4)] == [1, 2, 4, 8]
    assert slowdown_seconds(start + 100) == settings.AXES_ACCOUNT_SLOWDOWN_MAX_SECONDS
    assert settings.AXES_FAILURE_LIMIT == 10
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]
