"""Fixtures for the residents' space."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache

from cms.voices.roles import ensure_voice_roles
from ehch.roles import EDITORS, MODERATORS, SAFEGUARDING

from .factories import ThemeFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counts live in the cache: start every test at zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def theme(db):
    return ThemeFactory(slug="being-listened-to", label="Being listened to")


@pytest.fixture
def other_theme(db):
    return ThemeFactory(slug="dignity-and-choice", label="Dignity and choice")


@pytest.fixture
def groups(db):
    ensure_voice_roles()


@pytest.fixture
def moderator(groups):
    return _staff("mod", MODERATORS)


@pytest.fixture
def editor(groups):
    return _staff("ed", EDITORS)


def _staff(username: str, group: str):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password="pw-long-enough-1"
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def safeguarding_lead(groups):
    user = get_user_model().objects.create_user(
        username="lead",
        email="lead@example.org",
        password="pw-long-enough-1",
        first_name="Lee",
        last_name="Lead",
    )
    user.groups.add(Group.objects.get(name=SAFEGUARDING))
    return user


@pytest.fixture
def member(db):
    return get_user_model().objects.create_user(
        username="reader", email="reader@example.org", password="pw-long-enough-1"
    )
