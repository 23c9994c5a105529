from django.apps import AppConfig


class CmsConfig(AppConfig):
    """Wagtail pages: home, guidance, leadership resources and standard pages."""

    name = "cms"
    label = "cms"
    verbose_name = "Content"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:  # noqa: D102
        from cms import checks  # noqa: F401  (registers the contact-details check)
