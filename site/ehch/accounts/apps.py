from django.apps import AppConfig


class MembersConfig(AppConfig):
    """Accounts, membership approval, member profiles, privacy and security glue."""

    name = "ehch.accounts"
    label = "members"
    verbose_name = "Members"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Create the role groups and their permissions after every migrate."""
        from django.db.models.signals import post_migrate

        from ehch.accounts import permission_cache, receivers  # noqa: F401 - receivers

        post_migrate.connect(receivers.set_up_roles_after_migrate, sender=self)
