from django.apps import AppConfig


class CmsConfig(AppConfig):
    """Wagtail pages: home, guidance, leadership resources and standard pages."""

    name = "cms"
    label = "cms"
    verbose_name = "Content"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:  # noqa: D102
        from django.db.models.signals import post_migrate

        from cms import checks  # noqa: F401  (registers the contact-details check)
        from cms.site_address import sync_after_migrate
        from cms.workflow_emails import replace_wagtail_notifiers

        replace_wagtail_notifiers()

        post_migrate.connect(sync_after_migrate, sender=self, dispatch_uid="site-url")
