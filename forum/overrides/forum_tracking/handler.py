"""machina's read tracking, with a forum's ancestors found in memory.

To mark a forum unread machina also marks its ancestors, asking the database
for them once per unread forum: the forum index cost one more query for every
forum with something new in it. The permission handler already holds every
forum for this request, and a forum's ancestors are the forums of its tree
that enclose it (MPTT's lft/rght), so no query is needed.
"""

from __future__ import annotations

from machina.apps.forum_tracking import handler as machina_handler
from machina.core.db.models import get_model
from machina.core.loading import get_class

ForumReadTrack = get_model("forum_tracking", "ForumReadTrack")
ForumVisibilityContentTree = get_class("forum.visibility", "ForumVisibilityContentTree")


class TrackingHandler(machina_handler.TrackingHandler):
    """Unread forums and topics for a reader."""

    def get_unread_forums_from_list(self, user, forums) -> list:
        """The forums of ``forums`` with something new for ``user``.

        With their ancestors: machina's rule, from ForumReadTrackManager.
        """
        if not user.is_authenticated:
            return []
        forums = list(forums)
        every_forum = self.perm_handler._get_all_forums()  # cached per request

        def with_ancestors(forum) -> list:
            return [
                other
                for other in every_forum
                if other.tree_id == forum.tree_id
                and other.lft <= forum.lft
                and other.rght >= forum.rght
            ]

        nodes = ForumVisibilityContentTree.from_forums(forums).as_dict
        unread: list = []
        tracked = set()
        tracks = ForumReadTrack.objects.filter(user=user, forum__in=forums)
        for track in tracks:
            last_post_on = nodes[track.forum_id].last_post_on
            newer = last_post_on and track.mark_time < last_post_on
            if newer and track.forum_id not in {f.pk for f in unread}:
                unread.extend(with_ancestors(nodes[track.forum_id].obj))
            tracked.add(track.forum_id)
        unread_ids = {f.pk for f in unread}
        for forum in forums:
            if (
                forum.pk not in tracked
                and forum.pk not in unread_ids
                and forum.direct_topics_count > 0
            ):
                unread.extend(with_ancestors(forum))
                unread_ids = {f.pk for f in unread}
        return list({forum.pk: forum for forum in unread}.values())
