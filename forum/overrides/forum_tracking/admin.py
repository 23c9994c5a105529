"""machina's read-tracking admin, registered as before."""

from machina.apps.forum_tracking.admin import *  # noqa: F403
