"""machina's attachment models, unchanged."""

from machina.apps.forum_conversation.forum_attachments.models import *  # noqa: F403
