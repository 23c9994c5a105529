"""Create one demo account per role, so people trying `make run` can sign in.

Each account gets a confirmed address (the sign-in pages need one) and a
random password, printed once when the account is created; ``--reset``
prints new ones. Only for a local demo: it refuses unless DEBUG is on, so it
cannot add a known administrator to a real site.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from ehch import roles
from ehch.accounts.models import MemberProfile, Status


@dataclass(frozen=True)
class DemoAccount:
    """One role's demo account."""

    username: str
    name: str
    groups: tuple[str, ...]
    status: str | None = Status.APPROVED  # None: no member profile
    staff: bool = False

    @property
    def email(self) -> str:
        """An address under a reserved domain that can never be delivered."""
        return f"{self.username}@demo.invalid"


ACCOUNTS = (
    DemoAccount("demo-member", "Demo member", (roles.MEMBERS,)),
    DemoAccount("demo-pending", "Demo pending member", (), status=Status.PENDING),
    DemoAccount("demo-editor", "Demo editor", (roles.EDITORS,), status=None),
    DemoAccount("demo-moderator", "Demo moderator", (roles.MEMBERS, roles.MODERATORS)),
    DemoAccount(
        "demo-safeguarding",
        "Demo safeguarding lead",
        (roles.MEMBERS, roles.SAFEGUARDING),
    ),
    DemoAccount(
        "demo-admin",
        "Demo administrator",
        (roles.MEMBERS, roles.ADMINISTRATORS),
        staff=True,
    ),
)


class Command(BaseCommand):
    """Create (or with --reset, re-password) the demo accounts and print them."""

    help = __doc__

    def add_arguments(self, parser: CommandParser) -> None:  # noqa: D102
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Give every demo account a new password and print it.",
        )

    def handle(self, *args, reset: bool = False, **options) -> None:  # noqa: D102
        if not settings.DEBUG:
            raise CommandError(
                "Demo accounts are for a local demo only (DEBUG is off). "
                "On a real site, create accounts through sign-up and the admin."
            )
        groups = roles.ensure_groups()
        lines = []
        with transaction.atomic():
            for account in ACCOUNTS:
                password = self._ensure(account, groups, reset)
                shown = password or "(unchanged: run `manage.py demo_accounts --reset`)"
                lines.append(f"  {account.name:24} {account.email:32} {shown}")
        self.stdout.write(
            "Demo accounts (sign in at /accounts/login/ with the address):"
        )
        for line in lines:
            self.stdout.write(line)

    def _ensure(self, account: DemoAccount, groups: dict, reset: bool) -> str | None:
        user, created = get_user_model().objects.get_or_create(
            username=account.username,
            defaults={"email": account.email, "first_name": account.name},
        )
        password = None
        if created or reset:
            password = secrets.token_urlsafe(12)
            user.set_password(password)
        user.is_staff = user.is_superuser = account.staff
        user.save()
        user.groups.add(*(groups[name] for name in account.groups))
        EmailAddress.objects.update_or_create(
            user=user,
            email=account.email,
            defaults={"verified": True, "primary": True},
        )
        if account.status is not None:
            MemberProfile.objects.get_or_create(
                user=user,
                defaults={
                    "display_name": account.name,
                    "role": "care-home-manager",
                    "organisation_type": "care-home",
                    "region": "london",
                    "leadership_level": "service",
                    "status": account.status,
                    "decided_at": (
                        timezone.now() if account.status == Status.APPROVED else None
                    ),
                },
            )
        return password
