from django.apps import AppConfig


class MembersConfig(AppConfig):
    """Accounts, membership approval, member profiles, privacy and security glue."""

    name = "ehch.accounts"
    label = "members"
    verbose_name = "Members"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Connect the receivers: role groups after migrate, approval by domain."""
        from django.db.models.signals import post_migrate

        from ehch.accounts import permission_cache, receivers  # noqa: F401 - receivers

        post_migrate.connect(receivers.set_up_roles_after_migrate, sender=self)

        from allauth.account.signals import (
            email_confirmed,
            user_logged_in,
            user_signed_up,
        )

        from ehch.accounts.sso import receivers as sso

        user_signed_up.connect(sso.approve_by_domain_after_signup)
        email_confirmed.connect(sso.approve_by_domain_after_confirmation)
        user_logged_in.connect(sso.remember_provider_at_login)
