"""machina's attachment cache, unchanged."""

from machina.apps.forum_conversation.forum_attachments.cache import *  # noqa: F403
