"""App config of the forum_feeds override (label stays ``forum_feeds``)."""

from machina.apps.forum_feeds.apps import ForumFeedsAppConfig


class ForumFeedsOverrideConfig(ForumFeedsAppConfig):
    """machina's feeds app, loaded from our package; it has no models."""

    name = "forum.overrides.forum_feeds"
    default = True
