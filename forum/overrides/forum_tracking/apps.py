"""App config of the forum_tracking override (label stays ``forum_tracking``)."""

from machina.apps.forum_tracking.apps import ForumTrackingAppConfig


class ForumTrackingOverrideConfig(ForumTrackingAppConfig):
    """machina's read-tracking app, loaded from our package; models are machina's."""

    name = "forum.overrides.forum_tracking"
    default = True
