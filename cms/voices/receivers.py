"""Signal receivers: role permissions after migrate; unpublish on delete."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_migrate, pre_delete
from django.dispatch import receiver

from .models import Submission
from .roles import ensure_voice_roles
from .signals import statement_unpublished


@receiver(post_migrate, dispatch_uid="voices_roles")
def grant_role_permissions(sender, **kwargs) -> None:
    """Keep the role groups' permissions in step with the code, idempotently."""
    if getattr(sender, "label", None) == "voices":
        ensure_voice_roles()


@receiver(pre_delete, sender=Submission, dispatch_uid="voices_unpublish_on_delete")
def unpublish_on_delete(sender, instance: Submission, **kwargs) -> None:
    """A deleted public statement leaves search too."""
    if instance.is_published:
        transaction.on_commit(
            lambda: statement_unpublished.send(sender=Submission, submission=instance)
        )
