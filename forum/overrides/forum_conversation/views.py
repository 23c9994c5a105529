"""machina's conversation views with our additions (found through ``get_class``).

- the topic page loads each poster's member profile with the posts, so its
  query count does not grow with the number of posts;
- only signed-in readers count as a topic view: an anonymous GET writes
  nothing to the database (machina would add one to ``views_count`` on every
  request, a write per page view that also defeats read-only replicas);
- post forms use the attachment size and type limits;
- deleting a post goes through ``forum.moderation`` (audit log and signals);
- an edit held for a moderator says so, and its author sees it on the topic
  page while readers see the last approved version.
- a held topic (its subject, its page, its reply form) is not found by anyone
  but its author and its forum's moderators (``forum.visibility``).
"""

from __future__ import annotations

from django.apps import apps
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from machina.apps.forum_conversation import views as machina_views
from machina.core.db.models import get_model

from forum import answers, moderation
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
                    # Our slow mode and timed close, for the closed-topic notice.
                    Topic.objects.select_related(
                        "forum",
                        "first_post",
                        "poll",
                        "community_settings",
                        # The answer, shown under the question on every page.
                        "accepted_answer__post__poster",
                    ),
                    pk=self.kwargs["pk"],
                )
            )
        return self.topic

    def get_queryset(self):  # noqa: D102
        queryset = super().get_queryset().select_related("pending_edit")
        relation = _member_profile_relation()
        if relation:
            # "Edited by" names the editor too, by their display name.
            queryset = queryset.select_related(
                relation, relation.replace("poster", "updated_by", 1)
            )
        return queryset

    def get_context_data(self, **kwargs):  # noqa: D102
        context = super().get_context_data(**kwargs)
        topic = self.get_topic()
        answer = getattr(topic, "accepted_answer", None)
        context["accepted_answer"] = answer
        context["answer_post_id"] = answer.post_id if answer else None
        context["can_mark_answer"] = answers.can_mark(
            self.request.user, topic, self.request.forum_permission_handler
        )
        user_id = self.request.user.pk
        if user_id is not None:
            for post in context["posts"]:
                # Joined with the posts (no extra query): the reader's own
                # held edit, shown to them under the approved version.
                edit = getattr(post, "pending_edit", None)
                if edit is not None and edit.author_id == user_id:
                    post.held_edit = edit
        return context

    def send_signal(self, request, response, topic):  # noqa: D102
        if request.user.is_authenticated:
            super().send_signal(request, response, topic)


class _NewPostMessageMixin:
    """One plain message saying what happened to a new topic or reply.

    machina says "posted successfully" even for a post held for a moderator,
    then adds a warning about "validation": two messages, the first untrue.
    Here a published post says so; a held one says only that it waits (the
    success message is empty, and the messages template skips empty ones).
    """

    approval_required_message = (
        "Thank you. A moderator will read your post before it appears in the "
        "forum. We will email you when they have decided."
    )

    @property
    def success_message(self) -> str:
        post = getattr(self, "forum_post", None)
        if post is not None and not post.approved:
            return ""
        return "Your post is published."


class TopicCreateView(_NewPostMessageMixin, machina_views.TopicCreateView):
    """Start a topic; attachments are limited."""

    attachment_formset_class = LimitedAttachmentFormset


class _HeldEditMessageMixin:
    """Say plainly when an edit was held instead of published."""

    held_edit_message = (
        "Your edit is waiting for a moderator. Until they approve it, readers "
        "see the previous version of your post."
    )

    def get_post_form(self, form_class):
        self._post_form = super().get_post_form(form_class)
        return self._post_form

    def form_valid(self, post_form, attachment_formset, *args, **kwargs):
        # Attachments would be published at once, beside the approved text:
        # a held edit changes none, and says so.
        if (
            not self.preview
            and attachment_formset is not None
            and post_form.edit_will_be_held()
        ):
            if attachment_formset.has_changed():
                messages.warning(
                    self.request,
                    "Your changes to attachments were not saved. Add them again "
                    "once a moderator has approved your edit.",
                )
            attachment_formset = None
        return super().form_valid(post_form, attachment_formset, *args, **kwargs)

    @property
    def success_message(self) -> str:
        form = getattr(self, "_post_form", None)
        if form is not None and form.held_edit is not None:
            return self.held_edit_message
        return "Your changes have been published."


class TopicUpdateView(_HeldEditMessageMixin, machina_views.TopicUpdateView):
    """Edit a topic's first post; attachments are limited."""

    attachment_formset_class = LimitedAttachmentFormset


class PostCreateView(
    _NewPostMessageMixin, HeldTopicHiddenMixin, machina_views.PostCreateView
):
    """Reply to a topic the reader may see; attachments are limited."""

    def get_topic(self):  # noqa: D102
        return self.visible_topic(super().get_topic())

    attachment_formset_class = LimitedAttachmentFormset


class PostUpdateView(_HeldEditMessageMixin, machina_views.PostUpdateView):
    """Edit a post; attachments are limited."""

    attachment_formset_class = LimitedAttachmentFormset


class PostDeleteView(machina_views.PostDeleteView):
    """Delete a post through ``forum.moderation`` so it is audited."""

    def form_valid(self, form):  # noqa: D102
        success_url = self.get_success_url()
        moderation.delete_post(self.object, self.request.user)
        return HttpResponseRedirect(success_url)
