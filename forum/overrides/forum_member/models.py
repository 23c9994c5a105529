"""machina's ForumProfile, unchanged (migrations: see MIGRATION_MODULES)."""

from machina.apps.forum_member.models import *  # noqa: F403
