"""App config of the forum_moderation override (label stays ``forum_moderation``)."""

from machina.apps.forum_moderation.apps import ForumModerationAppConfig


class ForumModerationOverrideConfig(ForumModerationAppConfig):
    """machina's moderation app, loaded from our package."""

    name = "forum.overrides.forum_moderation"
    default = True
