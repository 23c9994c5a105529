"""Signal receivers of the members app."""

from __future__ import annotations

from ehch.accounts.role_setup import set_up_roles


def set_up_roles_after_migrate(sender, using: str = "default", **kwargs) -> None:
    """Keep the role groups and their permissions in place after every migrate."""
    set_up_roles(using=using)
