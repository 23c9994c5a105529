"""Test settings: the real PostgreSQL and Elasticsearch come from make test."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret-" + "y" * 40  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# One prefix per test run: two checkouts testing at once against the same
# server (worktrees, say) would otherwise drop each other's index.
# make test runs two pytest-xdist workers (gw0, gw1): each gets its own prefix,
# as pytest-django gives each its own database.
ELASTICSEARCH_INDEX_PREFIX = env_str("TEST_INDEX_PREFIX", "ehch-test") + (  # noqa: F405
    f"-{os.environ['PYTEST_XDIST_WORKER']}"
    if os.environ.get("PYTEST_XDIST_WORKER")
    else ""
)

# Tests use the database search engine unless a test switches to Elasticsearch
# (tests/search's `engine` fixture runs each behaviour test on both). make test
# still exports ELASTICSEARCH_URL: the suite refuses to run without the server.
ELASTICSEARCH_URL = None
SEARCH_ENGINE = "database"

# Each test process gets its own in-memory cache (and so its own page cache).
CACHES = {
    **CACHES,  # noqa: F405
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
# Tests measure real rendering (query counts and all); the page cache's own
# tests switch it on.
PAGE_CACHE_SECONDS = 0
FRAGMENT_CACHE_SECONDS = 0

# Organisation sign-in against the real Keycloak of make test
# (scripts/services/keycloak.sh: realm ehch-test, client ehch). The tests that
# need it fail, never skip, without KEYCLOAK_URL (tests/members/sso/conftest.py).
if os.environ.get("KEYCLOAK_URL") and not os.environ.get("OIDC_PROVIDERS"):
    SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": providers_from_environment(  # noqa: F405
                {
                    "OIDC_PROVIDERS": "keycloak",
                    "OIDC_KEYCLOAK_ISSUER": os.environ["KEYCLOAK_URL"].rstrip("/")
                    + "/realms/ehch-test",
                    "OIDC_KEYCLOAK_CLIENT_ID": "ehch",
                    "OIDC_KEYCLOAK_SECRET": "ehch-test-secret",
                    "OIDC_KEYCLOAK_NAME": "your organisation account",
                }
            )
        }
    }
