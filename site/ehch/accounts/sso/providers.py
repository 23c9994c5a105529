"""The organisation accounts a member signs in with, by the names people see."""

from __future__ import annotations

from allauth.socialaccount.models import SocialAccount, SocialApp
from django.http import HttpRequest


def organisation_account_names(request: HttpRequest) -> list[str]:
    """The provider names ("your organisation account") of the signed-in member.

    A provider removed from ``OIDC_PROVIDERS`` since is named by its id: the
    connection stays until the member or an administrator removes it.
    """
    names = []
    for account in SocialAccount.objects.filter(user=request.user).order_by("pk"):
        try:
            names.append(account.get_provider(request).name)
        except SocialApp.DoesNotExist:
            names.append(account.provider)
    return names
