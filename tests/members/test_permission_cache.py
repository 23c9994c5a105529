"""Per-account permissions from the cache (ehch/accounts/permission_cache.py).

And sessions read from the cache whenever every process shares it.

Each test reads the account afresh from the database, as the next request
would, and checks that every way a permission changes is seen at once.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ehch import roles
from tests.casestudies.factories import build_site
from tests.members.factories import approved_member, editor, in_groups

pytestmark = pytest.mark.django_db

ADMIN = "wagtailadmin.access_admin"


def fresh(user):
    """The account as the next request loads it (no per-object cache)."""
    return get_user_model().objects.get(pk=user.pk)


def permission_queries(user, perm: str = ADMIN) -> tuple[bool, int]:
    with CaptureQueriesContext(connection) as queries:
        answer = fresh(user).has_perm(perm)
    return answer, sum("auth_permission" in q["sql"] for q in queries)


def test_the_second_request_asks_the_database_nothing():
    member = approved_member()
    assert permission_queries(member) == (False, 2)
    assert permission_queries(member) == (False, 0)


def test_a_signed_in_members_page_runs_no_permission_query_once_warm(client):
    build_site()
    client.force_login(approved_member())
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert not [q for q in queries if "auth_permission" in q["sql"]]


def test_joining_a_group_is_seen_at_once():
    member = approved_member()
    assert permission_queries(member)[0] is False
    in_groups(member, roles.EDITORS)
    assert fresh(member).has_perm(ADMIN)


def test_leaving_a_group_is_seen_at_once():
    person = editor()
    assert fresh(person).has_perm(ADMIN)
    person.groups.remove(Group.objects.get(name=roles.EDITORS))
    assert not fresh(person).has_perm(ADMIN)


def test_removing_everyone_from_a_group_is_seen_at_once():
    person = editor()
    assert fresh(person).has_perm(ADMIN)
    Group.objects.get(name=roles.EDITORS).user_set.clear()
    assert not fresh(person).has_perm(ADMIN)


def test_a_group_losing_a_permission_is_seen_at_once():
    person = editor()
    assert fresh(person).has_perm(ADMIN)
    admin = Permission.objects.get(codename="access_admin")
    Group.objects.get(name=roles.EDITORS).permissions.remove(admin)
    assert not fresh(person).has_perm(ADMIN)


def test_a_deleted_group_takes_its_permissions_with_it():
    person = editor()
    assert fresh(person).has_perm(ADMIN)
    Group.objects.filter(name=roles.EDITORS).delete()
    assert not fresh(person).has_perm(ADMIN)


def test_an_accounts_own_permission_granted_and_taken_back():
    member = approved_member()
    admin = Permission.objects.get(codename="access_admin")
    assert not fresh(member).has_perm(ADMIN)
    member.user_permissions.add(admin)
    assert fresh(member).has_perm(ADMIN)
    member.user_permissions.remove(admin)
    assert not fresh(member).has_perm(ADMIN)


def test_a_superuser_who_is_demoted_loses_everything():
    member = approved_member()
    member.is_superuser = True
    member.save(update_fields=["is_superuser"])
    assert fresh(member).get_all_permissions()
    member.is_superuser = False
    member.save(update_fields=["is_superuser"])
    assert not fresh(member).has_perm(ADMIN)
    assert not fresh(member).has_perm("members.change_memberprofile")


def test_a_deactivated_account_has_no_permissions():
    person = editor()
    assert fresh(person).has_perm(ADMIN)
    person.is_active = False
    person.save(update_fields=["is_active"])
    assert not fresh(person).has_perm(ADMIN)


def test_with_a_cache_that_keeps_nothing_the_answers_are_still_right(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    }
    person = editor()
    assert fresh(person).has_perm(ADMIN)
    assert permission_queries(person) == (True, 2)  # read every time, never stale
    person.groups.clear()
    assert not fresh(person).has_perm(ADMIN)


def test_switched_off_every_request_reads_the_database(settings):
    settings.PERMISSION_CACHE_SECONDS = 0
    person = editor()
    assert permission_queries(person) == (True, 2)
    assert permission_queries(person) == (True, 2)


def test_off_by_default_when_each_process_has_its_own_cache(run_manage):
    """As the site starts: CACHE_URL=locmem:// switches it off, a folder or Redis on."""
    script = (
        "from django.conf import settings; print(settings.PERMISSION_CACHE_SECONDS)"
    )
    dev = {"DJANGO_SETTINGS_MODULE": "ehch.settings.dev"}
    for cache_url, expected in [("locmem://", "0"), ("", "300")]:
        result = run_manage("shell", "-c", script, env={**dev, "CACHE_URL": cache_url})
        assert result.stdout.strip().splitlines()[-1] == expected, result.stderr


def test_sessions_are_read_from_the_cache_whenever_every_process_shares_it(
    run_manage,
):
    """The folder (one host) and Redis are shared: cached_db. locmem:// is not."""
    script = "from django.conf import settings; print(settings.SESSION_ENGINE)"
    dev = {"DJANGO_SETTINGS_MODULE": "ehch.settings.dev"}
    expected = {
        "": "django.contrib.sessions.backends.cached_db",
        "locmem://": "django.contrib.sessions.backends.db",
    }
    for cache_url, engine in expected.items():
        result = run_manage("shell", "-c", script, env={**dev, "CACHE_URL": cache_url})
        assert result.stdout.strip().splitlines()[-1] == engine, result.stderr
