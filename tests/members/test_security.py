"""Brute-force lockout, rate limits, CSRF and the security headers."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from ehch.accounts.ratelimit import hit, rate_limited

from .factories import PASSWORD, approved_member

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def _fail(client, login, times, ip="10.1.1.1"):
    return [
        client.post(LOGIN, {"login": login, "password": "wrong"}, REMOTE_ADDR=ip)
        for _ in range(times)
    ]


def test_ten_failed_logins_lock_the_account_and_the_lock_releases(client):
    member = approved_member()
    responses = _fail(client, member.email, 9)
    assert {r.status_code for r in responses} == {200}
    assert _fail(client, member.email, 1)[0].status_code == 429

    # Locked: even the right password is refused.
    response = client.post(
        LOGIN, {"login": member.email, "password": PASSWORD}, REMOTE_ADDR="10.1.1.1"
    )
    assert response.status_code == 429
    assert b"Sign-in is locked for now" in response.content
    assert "_auth_user_id" not in client.session

    # After the configured cool-off the lock lifts by itself.
    cooloff = timedelta(hours=settings.AXES_COOLOFF_TIME)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.first().attempt_time
        - cooloff
        - timedelta(minutes=1)
    )
    response = client.post(
        LOGIN, {"login": member.email, "password": PASSWORD}, REMOTE_ADDR="10.1.1.1"
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(member.pk)


def test_failures_from_many_addresses_still_lock_the_account(client):
    member = approved_member()
    for n in range(10):
        _fail(client, member.email.upper(), 1, ip=f"10.2.0.{n}")
    response = client.post(
        LOGIN, {"login": member.email, "password": PASSWORD}, REMOTE_ADDR="10.3.0.1"
    )
    assert response.status_code == 429


def test_one_address_guessing_many_accounts_is_locked(client):
    for n in range(10):
        _fail(client, f"guess{n}@example.org", 1, ip="10.4.0.1")
    member = approved_member()
    response = client.post(
        LOGIN, {"login": member.email, "password": PASSWORD}, REMOTE_ADDR="10.4.0.1"
    )
    assert response.status_code == 429


def test_lockout_limit_and_cool_off_are_configured():
    assert settings.AXES_FAILURE_LIMIT == 10
    assert settings.AXES_COOLOFF_TIME > 0


def test_sign_up_is_rate_limited_per_address_with_a_clear_429(client):
    limit, _window = settings.SIGNUP_RATE_LIMIT
    for _ in range(limit):
        response = client.post("/accounts/signup/", {}, REMOTE_ADDR="10.5.0.1")
        assert response.status_code == 200
    response = client.post("/accounts/signup/", {}, REMOTE_ADDR="10.5.0.1")
    assert response.status_code == 429
    assert b"Too many attempts" in response.content
    assert int(response["Retry-After"]) > 0
    # Reading the form is never limited, and another address is unaffected.
    assert client.get("/accounts/signup/", REMOTE_ADDR="10.5.0.1").status_code == 200
    response = client.post("/accounts/signup/", {}, REMOTE_ADDR="10.5.0.2")
    assert response.status_code == 200


def test_the_limiter_counts_per_scope_and_key():
    assert hit("test-scope", "a", limit=2, window=60) is None
    assert hit("test-scope", "a", limit=2, window=60) is None
    assert hit("test-scope", "a", limit=2, window=60) > 0
    assert hit("test-scope", "b", limit=2, window=60) is None
    assert hit("other-scope", "a", limit=2, window=60) is None


def test_the_decorator_only_counts_the_methods_it_is_told(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    @rate_limited("decorator-test", limit=1, window=60)
    def view(request):
        return HttpResponse("ok")

    def call(method):
        request = getattr(rf, method)("/x/")
        request.user = AnonymousUser()
        return view(request)

    assert call("post").status_code == 200
    assert call("get").status_code == 200
    assert call("post").status_code == 429


def test_forms_refuse_a_post_without_a_csrf_token():
    client = Client(enforce_csrf_checks=True)
    assert client.post("/accounts/signup/", {}).status_code == 403
    assert client.post(LOGIN, {"login": "a@b.c", "password": "x"}).status_code == 403


@pytest.fixture
def demo_site():
    call_command("load_demo", verbosity=0)


PUBLIC_PAGES = [
    "/",
    "/about/",
    "/privacy/",
    "/case-studies/",
    "/forum/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/healthz",
]


def _directives(csp: str) -> dict[str, str]:
    return dict(
        (part.strip().split(" ", 1) + [""])[:2] for part in csp.split(";") if part
    )


def test_public_pages_send_every_security_header(client, demo_site):
    for url in PUBLIC_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        csp = response["Content-Security-Policy"]
        directives = _directives(csp)
        assert directives["script-src"] == "'self'", url
        assert "'unsafe-inline'" not in csp, url
        assert directives["frame-ancestors"] == "'none'", url
        assert directives["object-src"] == "'none'", url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url


def test_pages_for_signed_in_members_carry_the_headers_too(client):
    client.force_login(approved_member())
    response = client.get("/members/me/")
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_only_the_admin_gets_the_looser_policy_wagtail_needs(client):
    admin = approved_member()
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    response = client.get("/admin/")
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in csp
    assert "frame-ancestors 'self'" in csp


def test_public_templates_hold_no_inline_script_or_style(client, demo_site):
    for url in ["/", "/accounts/login/", "/accounts/signup/"]:
        content = client.get(url).content.decode()
        assert "style=" not in content
        assert " onclick=" not in content
        for chunk in content.split("<script")[1:]:
            assert "src=" in chunk.split(">", 1)[0], f"inline script on {url}"
