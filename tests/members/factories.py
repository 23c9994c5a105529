"""Factories for accounts, member profiles and the six roles of the matrix."""

from __future__ import annotations

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from ehch import roles
from ehch.accounts.models import MemberProfile, Status

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    """An active account with a verified primary email address."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.get_or_create(
                user=self,
                email=self.email,
                defaults={"verified": True, "primary": True},
            )


class MemberProfileFactory(factory.django.DjangoModelFactory):
    """A member's profile; pending unless told otherwise."""

    class Meta:
        model = MemberProfile

    user = factory.SubFactory(UserFactory)
    display_name = factory.LazyAttribute(lambda p: p.user.get_full_name())
    role = "gp"
    organisation_type = "general-practice"
    region = "london"
    leadership_level = "service"
    status = Status.PENDING


def in_groups(user, *names: str):
    """Add ``user`` to the named role groups (created if missing)."""
    user.groups.add(*(Group.objects.get_or_create(name=name)[0] for name in names))
    return user


def pending_member():
    """A signed-up, verified member waiting for approval."""
    return MemberProfileFactory(status=Status.PENDING).user


def approved_member():
    """An approved member: profile approved and in the Members group."""
    from django.utils import timezone

    user = MemberProfileFactory(status=Status.APPROVED, decided_at=timezone.now()).user
    return in_groups(user, roles.MEMBERS)


def moderator():
    """A moderator (who is also a member)."""
    return in_groups(approved_member(), roles.MODERATORS)


def editor():
    """An editor: Wagtail admin access, no membership decisions."""
    return in_groups(UserFactory(), roles.EDITORS)


def administrator():
    """An administrator: the Administrators group and Django admin (staff)."""
    user = in_groups(UserFactory(), roles.ADMINISTRATORS)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user
