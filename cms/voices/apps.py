from django.apps import AppConfig


class VoicesConfig(AppConfig):
    """The residents' and families' space: what good care looks like to them."""

    name = "cms.voices"
    label = "voices"
    verbose_name = "What good looks like"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Connect the receivers that keep groups and search in step; add checks."""
        from cms.voices import checks, receivers  # noqa: F401
