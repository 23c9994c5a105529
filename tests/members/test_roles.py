"""Role groups and permissions come from code, and setting them up is repeatable."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from ehch import roles

pytestmark = pytest.mark.django_db


def _codenames(name):
    return set(
        Group.objects.get(name=name).permissions.values_list(
            "content_type__app_label", "codename"
        )
    )


def test_setup_roles_creates_every_group_with_its_permissions():
    Group.objects.all().delete()
    call_command("setup_roles", verbosity=0)
    assert set(Group.objects.values_list("name", flat=True)) == set(roles.ALL_GROUPS)
    assert ("wagtailadmin", "access_admin") in _codenames(roles.MODERATORS)
    assert ("members", "moderate_members") in _codenames(roles.MODERATORS)
    assert ("wagtailadmin", "access_admin") in _codenames(roles.EDITORS)
    assert ("members", "moderate_members") not in _codenames(roles.EDITORS)
    assert Group.objects.get(name=roles.ADMINISTRATORS).permissions.count() == (
        Permission.objects.count()
    )


def test_setup_roles_is_idempotent_and_keeps_other_apps_grants():
    call_command("setup_roles", verbosity=0)
    editors = Group.objects.get(name=roles.EDITORS)
    extra = Permission.objects.get(codename="add_page")
    editors.permissions.add(extra)
    before = {name: _codenames(name) for name in roles.ALL_GROUPS}
    call_command("setup_roles", verbosity=0)
    after = {name: _codenames(name) for name in roles.ALL_GROUPS}
    assert before == after
    assert Group.objects.count() == len(roles.ALL_GROUPS)
