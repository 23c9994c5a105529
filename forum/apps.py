from django.apps import AppConfig


class CommunityForumConfig(AppConfig):
    """Our extensions to django-machina; the label `forum` is machina's own."""

    name = "forum"
    label = "community_forum"
    verbose_name = "Community forum"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        """Connect the receivers that export and erase a member's forum data."""
        from forum import receivers

        receivers.connect()
