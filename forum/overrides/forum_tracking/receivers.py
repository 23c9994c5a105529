"""machina's read-tracking receivers (imported by the app config's ``ready``)."""

from machina.apps.forum_tracking.receivers import *  # noqa: F403
