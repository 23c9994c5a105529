"""machina's conversation views with our additions (found through ``get_class``).

- the topic page loads each poster's member profile with the posts, so its
  query count does not grow with the number of posts;
- only signed-in readers count as a topic view: an anonymous GET writes
  nothing to the database (machina would add one to ``views_count`` on every
  request, a write per page view that also defeats read-only replicas);
- post forms use the attachment size and type limits;
- deleting a post goes through ``forum.moderation`` (audit log and signals);
- a held topic (its subject, its page, its reply form) is not found by anyone
  but its author and its forum's moderators (``forum.visibility``).
"""

from __future__ import annotations

from django.apps import apps
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from machina.apps.forum_conversation import views as machina_views
from machina.core.db.models import get_model

from forum import moderation
from forum.attachments import LimitedAttachmentFormset
from forum.visibility import can_see_topic

Topic = get_model("forum_conversation", "Topic")


def _member_profile_relation() -> str | None:
    """``poster__member_profile`` when the members app provides that relation."""
    if not apps.is_installed("ehch.accounts"):
        return None
    try:
        model = apps.get_model("members", "MemberProfile")
    except LookupError:
        return None
    field = model._meta.get_field("user")
    return "poster__member_profile" if field.one_to_one else None


class HeldTopicHiddenMixin:
    """A held topic is "not found" for those who may not see it.

    Only held topics are checked here: for an approved topic machina's own
    forum permission check answers (visitors to a members-only forum are asked
    to sign in), and a held topic gives no such hint.
    """

    def visible_topic(self, topic):
        """``topic``, or Http404 when it is held and the reader may not see it."""
        if not topic.approved and not can_see_topic(
            topic, self.request.user, self.request.forum_permission_handler
        ):
            raise Http404
        return topic


class TopicView(HeldTopicHiddenMixin, machina_views.TopicView):
    """A topic's posts, with our per-post extras fetched in bulk."""

    def get_topic(self):  # noqa: D102
        # machina joins the forum; the poll and the first post (which every
        # post asks about: "is this the topic's head?") come in the same query.
        if not hasattr(self, "topic"):
            self.topic = self.visible_topic(
                get_object_or_404(
                    Topic.objects.select_related("forum", "first_post", "poll"),
                    pk=self.kwargs["pk"],
                )
            )
        return self.topic

    def get_queryset(self):  # noqa: D102
        queryset = super().get_queryset()
        relation = _member_profile_relation()
        if relation:
            queryset = queryset.select_related(relation)
        return queryset

    def send_signal(self, request, response, topic):  # noqa: D102
        if request.user.is_authenticated:
            super().send_signal(request, response, topic)


class TopicCreateView(machina_views.TopicCreateView):
    """Start a topic; attachments are limited."""

    attachment_formset_class = LimitedAttachmentFormset


class TopicUpdateView(machina_views.TopicUpdateView):
    """Edit a topic's first post; attachments are limited."""

    attachment_formset_class = LimitedAttachmentFormset


class PostCreateView(HeldTopicHiddenMixin, machina_views.PostCreateView):
    """Reply to a topic the reader may see; attachments are limited."""

    def get_topic(self):  # noqa: D102
        return self.visible_topic(super().get_topic())

    attachment_formset_class = LimitedAttachmentFormset


class PostUpdateView(machina_views.PostUpdateView):
    """Edit a post; attachments are limited."""

    attachment_formset_class = LimitedAttachmentFormset


class PostDeleteView(machina_views.PostDeleteView):
    """Delete a post through ``forum.moderation`` so it is audited."""

    def form_valid(self, form):  # noqa: D102
        success_url = self.get_success_url()
        moderation.delete_post(self.object, self.request.user)
        return HttpResponseRedirect(success_url)
