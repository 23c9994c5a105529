from django.apps import AppConfig


class CaseStudiesConfig(AppConfig):
    """Case studies from the areas, their vocabularies, compare, charts and export."""

    name = "casestudies"
    label = "casestudies"
    verbose_name = "Case studies"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:  # noqa: D102
        from casestudies import checks  # noqa: F401  (registers casestudies.W001)
        from casestudies.receivers import connect

        connect()
