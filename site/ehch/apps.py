from django.apps import AppConfig


class EhchConfig(AppConfig):
    """The project shell: health check, start-up checks and site-wide glue."""

    name = "ehch"
    label = "ehch"
    verbose_name = "EHCH Learning Network"
