"""machina's forum admin (forums and their permissions), registered as before."""

from machina.apps.forum.admin import *  # noqa: F403
