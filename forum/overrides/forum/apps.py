"""App config of the forum override (label stays ``forum``, models are machina's)."""

from machina.apps.forum.apps import ForumAppConfig


class ForumOverrideConfig(ForumAppConfig):
    """machina's forum app, loaded from our package."""

    name = "forum.overrides.forum"
    default = True
