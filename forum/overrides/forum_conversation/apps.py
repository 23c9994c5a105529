"""App config of the forum_conversation override (label: ``forum_conversation``)."""

from machina.apps.forum_conversation.apps import ForumConversationAppConfig


class ForumConversationOverrideConfig(ForumConversationAppConfig):
    """machina's conversation app, loaded from our package; models are machina's."""

    name = "forum.overrides.forum_conversation"
    default = True
