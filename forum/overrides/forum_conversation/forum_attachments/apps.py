"""App config of the forum_attachments override (label stays ``forum_attachments``)."""

from machina.apps.forum_conversation.forum_attachments.apps import (
    ForumAttachmentsAppConfig,
)


class ForumAttachmentsOverrideConfig(ForumAttachmentsAppConfig):
    """machina's attachments app, loaded from our package; models are machina's."""

    name = "forum.overrides.forum_conversation.forum_attachments"
    default = True
