"""machina's member receivers (post counts), imported by the app config's ``ready``."""

from machina.apps.forum_member.receivers import *  # noqa: F403
