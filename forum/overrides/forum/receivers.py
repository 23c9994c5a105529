"""machina's forum signal receivers (imported by the app config's ``ready``)."""

from machina.apps.forum.receivers import *  # noqa: F403
