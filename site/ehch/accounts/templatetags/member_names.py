"""Template helpers that show people by the name they chose.

``{{ user|public_name }}`` is the name others see (never a username or an
email address); ``{% member_name user %}`` is the same name, linked to the
member's profile for signed-in readers when that profile can be opened.
"""

from __future__ import annotations

from django import template
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils.html import format_html

from ehch.accounts import names
from ehch.accounts.models import Status

register = template.Library()


@register.filter
def public_name(user: AbstractBaseUser | None) -> str:
    """The name other people see for ``user`` (see ``names.public_name``)."""
    return names.public_name(user)


def _has_open_profile(user: AbstractBaseUser) -> bool:
    if not user.is_active:
        return False
    try:
        profile = user.member_profile
    except (AttributeError, ObjectDoesNotExist):
        return False
    return profile.status == Status.APPROVED


@register.simple_tag(takes_context=True)
def member_name(context, user: AbstractBaseUser | None) -> str:
    """``user``'s public name, linked to their profile for signed-in readers.

    Visitors, and anyone reading about a former member or an account without
    an approved profile, get the name alone: the link would only refuse them.
    """
    name = names.public_name(user)
    request = context.get("request")
    reader = getattr(request, "user", None)
    if (
        user is None
        or reader is None
        or not reader.is_authenticated
        or not _has_open_profile(user)
    ):
        return name
    return format_html(
        '<a href="{}">{}</a>', reverse("members:profile", args=[user.pk]), name
    )
