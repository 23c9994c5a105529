"""machina's attachment forms, unchanged."""

from machina.apps.forum_conversation.forum_attachments.forms import *  # noqa: F403
