"""machina's read tracks, unchanged (migrations: see MIGRATION_MODULES)."""

from machina.apps.forum_tracking.models import *  # noqa: F403
