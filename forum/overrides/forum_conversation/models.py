"""machina's Topic and Post, unchanged (migrations: see MIGRATION_MODULES)."""

from machina.apps.forum_conversation.models import *  # noqa: F403
