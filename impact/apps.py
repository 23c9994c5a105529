from django.apps import AppConfig


class ImpactConfig(AppConfig):
    """The value the network creates: what areas tried from its pages, and since."""

    name = "impact"
    label = "impact"
    verbose_name = "We tried this"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:  # noqa: D102
        from impact import documents, receivers

        documents.register_sources()
        receivers.connect()
