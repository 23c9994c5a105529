"""machina's forum index and forum page, with fewer queries.

The index lists every forum with a link to its last post's topic; machina
joins the last post but not its topic, so each forum cost a query. Here the
topic comes in the same query, and so do the last poster's member profile
(for their display name) and, on a forum page, each topic's posters' profiles.

machina works out which sub-forums a reader may see on every forum page: four
queries (every forum, the reader's permissions, the tree, the hidden ones) even
for a forum with no children, which every topic forum here is. A leaf forum
skips that; a forum with children (a leadership space) gets machina's answer,
with each sub-forum's last topic joined as on the index.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from machina.apps.forum import views as machina_views
from machina.core.db.models import get_model
from machina.core.loading import get_class

Forum = get_model("forum", "Forum")
TrackingHandler = get_class("forum_tracking.handler", "TrackingHandler")
Topic = get_model("forum_conversation", "Topic")

# Lists name each topic's poster and last poster by display name
# (``forum_member.shortcuts``): their member profiles come in the same query.
LAST_POSTER_PROFILE = "last_post__poster__member_profile"
TOPIC_ROW = ("poster__member_profile", LAST_POSTER_PROFILE)


class IndexView(machina_views.IndexView):
    """The top-level forums; each forum's last post and its topic joined."""

    def get_queryset(self):  # noqa: D102
        return machina_views.ForumVisibilityContentTree.from_forums(
            self.request.forum_permission_handler.forum_list_filter(
                Forum.objects.select_related("last_post__topic", LAST_POSTER_PROFILE),
                self.request.user,
            )
        )


class ForumView(machina_views.ForumView):
    """A forum and its topics."""

    def get_queryset(self):  # noqa: D102
        # The answer mark comes joined, for the "Answered" tag on each row.
        topics = super().get_queryset().select_related(*TOPIC_ROW, "accepted_answer")
        if self.unanswered_only():
            topics = topics.filter(accepted_answer__isnull=True)
        return topics

    def unanswered_only(self) -> bool:
        """True when the reader asked for topics without an answer (?unanswered=1)."""
        return self.request.GET.get("unanswered") == "1"

    def get_forum(self):  # noqa: D102
        if not hasattr(self, "forum"):
            # The parent (the leadership space) is shown on the page: join it.
            self.forum = get_object_or_404(
                Forum.objects.select_related("parent"), pk=self.kwargs["pk"]
            )
        return self.forum

    def get_context_data(self, **kwargs):  # noqa: D102
        # machina's get_context_data; the sub-forums (a space's forums) come
        # with each one's last topic joined, and a leaf forum skips them.
        forum = self.get_forum()
        context = super(machina_views.ForumView, self).get_context_data(**kwargs)
        context["forum"] = forum
        if forum.is_leaf_node():
            context["sub_forums"] = []
        else:
            context["sub_forums"] = (
                machina_views.ForumVisibilityContentTree.from_forums(
                    self.request.forum_permission_handler.forum_list_filter(
                        forum.get_descendants().select_related(
                            "last_post__topic", LAST_POSTER_PROFILE
                        ),
                        self.request.user,
                    )
                )
            )
        context["announces"] = list(
            forum.topics.select_related(*TOPIC_ROW, "accepted_answer").filter(
                type=Topic.TOPIC_ANNOUNCE, approved=True
            )
        )
        context["unread_topics"] = TrackingHandler(self.request).get_unread_topics(
            list(context[self.context_object_name]) + context["announces"],
            self.request.user,
        )
        context["unanswered_only"] = self.unanswered_only()
        # From the joined rows (no query); other topic lists carry no marks.
        context["answered_topic_ids"] = {
            topic.pk
            for topic in [*context[self.context_object_name], *context["announces"]]
            if getattr(topic, "accepted_answer", None) is not None
        }
        return context
