"""App config of the forum_member override (label stays ``forum_member``)."""

from machina.apps.forum_member.apps import ForumMemberAppConfig


class ForumMemberOverrideConfig(ForumMemberAppConfig):
    """machina's member app, loaded from our package; models are machina's."""

    name = "forum.overrides.forum_member"
    default = True
