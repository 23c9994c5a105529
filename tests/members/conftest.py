"""Fixtures for the members tests: roles set up, a clean cache per test."""

import pytest
from django.core.cache import cache

from ehch.accounts.role_setup import set_up_roles


@pytest.fixture(autouse=True)
def _clean_cache():
    # Rate-limit counters live in the cache, which outlives each test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def roles_ready(db):
    """The role groups with their permissions, as after migrate."""
    set_up_roles()
