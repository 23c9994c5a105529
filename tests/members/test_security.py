"""Rate limits, CSRF and the security headers (the lock-out: test_lockout.py)."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from ehch.accounts.ratelimit import hit, rate_limited

from .factories import approved_member

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


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


def test_a_rate_limit_counts_across_the_window_on_the_file_cache_too(
    settings, tmp_path
):
    """Django's file cache re-saves a key with its default timeout on incr()."""
    import time

    from django.core.cache import caches

    from ehch.accounts import ratelimit

    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
            "TIMEOUT": 1,  # the cache's default; the window is an hour
        },
    }
    caches["default"].clear()
    real = ratelimit.cache
    ratelimit.cache = caches["default"]
    try:
        assert ratelimit.hit("file-cache-test", "me", 2, 3600) is None
        assert ratelimit.hit("file-cache-test", "me", 2, 3600) is None
        time.sleep(1.5)  # past the cache's default timeout, inside the window
        assert ratelimit.hit("file-cache-test", "me", 2, 3600) is not None
    finally:
        ratelimit.cache = real
