"""machina's Forum, unchanged (migrations: see MIGRATION_MODULES)."""

from machina.apps.forum.models import *  # noqa: F403
