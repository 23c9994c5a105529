from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Site search: documents, the two engines, facets and indexing."""

    name = "search"
    label = "search"
    verbose_name = "Search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:  # noqa: D102
        from search import receivers

        receivers.connect()
