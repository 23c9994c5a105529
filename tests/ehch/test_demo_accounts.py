"""`manage.py demo_accounts`: one account per role for people trying the demo."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from ehch.accounts.models import MemberProfile, Status
from ehch.management.commands.demo_accounts import ACCOUNTS

pytestmark = pytest.mark.django_db


def _run(*args: str) -> dict[str, str]:
    """Run the command; return the printed password by address."""
    out = StringIO()
    call_command("demo_accounts", *args, stdout=out)
    found = re.findall(r"(\S+@demo\.invalid)\s+(\S+)", out.getvalue())
    return dict(found)


def test_it_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="local demo only"):
        call_command("demo_accounts")
    assert not get_user_model().objects.filter(username__startswith="demo-").exists()


def test_each_role_signs_in_through_the_members_door(settings):
    settings.DEBUG = True
    passwords = _run()
    assert set(passwords) == {a.email for a in ACCOUNTS}
    for account in ACCOUNTS:
        client = Client()
        response = client.post(
            "/accounts/login/",
            {"login": account.email, "password": passwords[account.email]},
        )
        assert response.status_code == 302, (account.username, response.status_code)
        user = get_user_model().objects.get(username=account.username)
        assert client.session["_auth_user_id"] == str(user.pk)
        assert set(user.groups.values_list("name", flat=True)) == set(account.groups)
        profile = MemberProfile.objects.filter(user=user).first()
        assert (profile.status if profile else None) == account.status


def test_the_pending_account_is_pending_and_the_admin_is_staff(settings):
    settings.DEBUG = True
    _run()
    users = get_user_model().objects
    assert users.get(username="demo-pending").member_profile.status == Status.PENDING
    admin = users.get(username="demo-admin")
    assert admin.is_staff and admin.is_superuser
    assert not users.get(username="demo-editor").is_staff


def test_running_again_keeps_passwords_and_reset_changes_them(settings):
    settings.DEBUG = True
    first = _run()
    again = _run()
    assert all(value.startswith("(unchanged") for value in again.values())
    reset = _run("--reset")
    email = "demo-member@demo.invalid"
    assert reset[email] != first[email]
    user = get_user_model().objects.get(username="demo-member")
    assert user.check_password(reset[email])
    assert not user.check_password(first[email])
