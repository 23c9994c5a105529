"""machina's forum profile admin, registered as before."""

from machina.apps.forum_member.admin import *  # noqa: F403
