"""machina's moderation views, each action routed through ``forum.moderation``.

That module records the action in the audit log and sends the search signals;
machina's permission checks, templates and messages are unchanged.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from machina.apps.forum_moderation import views as machina_views

from forum import moderation
from forum.forms import ModerationDecisionForm
from forum.models import PendingPostEdit
from forum.notifications import emailed_message


class TopicLockView(machina_views.TopicLockView):
    """Lock a topic (audited, with the reason readers will see)."""

    def lock(self, request, *args, **kwargs):  # noqa: D102
        self.object = self.get_object()
        reason = request.POST.get("reason", "").strip()[:500]
        moderation.set_topic_lock(self.object, request.user, locked=True, reason=reason)
        messages.success(request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())


class TopicUnlockView(machina_views.TopicUnlockView):
    """Unlock a topic (audited)."""

    def unlock(self, request, *args, **kwargs):  # noqa: D102
        self.object = self.get_object()
        moderation.set_topic_lock(self.object, request.user, locked=False)
        messages.success(request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())


class TopicDeleteView(machina_views.TopicDeleteView):
    """Delete a topic (audited; search is told its posts are gone)."""

    def form_valid(self, form):  # noqa: D102
        success_url = self.get_success_url()
        moderation.delete_topic(self.object, self.request.user)
        return HttpResponseRedirect(success_url)


class TopicMoveView(machina_views.TopicMoveView):
    """Move a topic to another forum (audited)."""

    def form_valid(self, form):  # noqa: D102
        moderation.move_topic(
            self.object,
            self.request.user,
            form.cleaned_data["forum"],
            lock=bool(form.cleaned_data.get("lock_topic")),
        )
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())


class _AuditedTypeMixin:
    def update_type(self, request, *args, **kwargs):
        self.object = self.get_object()
        moderation.set_topic_type(self.object, request.user, self.target_type)
        messages.success(request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())


class TopicUpdateToNormalTopicView(
    _AuditedTypeMixin, machina_views.TopicUpdateToNormalTopicView
):
    """Unpin a topic (audited)."""


class TopicUpdateToStickyTopicView(
    _AuditedTypeMixin, machina_views.TopicUpdateToStickyTopicView
):
    """Pin a topic as sticky (audited)."""


class TopicUpdateToAnnounceView(
    _AuditedTypeMixin, machina_views.TopicUpdateToAnnounceView
):
    """Pin a topic as an announcement (audited)."""


class ModerationQueueListView(machina_views.ModerationQueueListView):
    """The queue of held posts, and below it the held edits of published posts."""

    def get_queryset(self):  # noqa: D102
        # Each row names its poster (display name), topic and forum: joined.
        return (
            super()
            .get_queryset()
            .select_related("poster__member_profile", "topic__forum")
        )

    def get_context_data(self, **kwargs):  # noqa: D102
        context = super().get_context_data(**kwargs)
        forums = self.request.forum_permission_handler.get_moderation_queue_forums(
            self.request.user
        )
        context["held_edits"] = PendingPostEdit.objects.waiting().filter(
            post__topic__forum__in=forums
        )
        return context


class PostApproveView(machina_views.PostApproveView):
    """Approve a queued post: publish, notify followers, tell search (audited)."""

    def approve(self, request, *args, **kwargs):  # noqa: D102
        self.object = self.get_object()
        emailed = moderation.approve_post(self.object, request.user)
        messages.success(
            request, emailed_message("The post has been approved.", emailed)
        )
        return HttpResponseRedirect(self.get_success_url())


class PostDisapproveView(machina_views.PostDisapproveView):
    """Reject a queued post with a reason the author is emailed (audited)."""

    def get_context_data(self, **kwargs):  # noqa: D102
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ModerationDecisionForm())
        return context

    def disapprove(self, request, *args, **kwargs):  # noqa: D102
        self.object = self.get_object()
        form = ModerationDecisionForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        success_url = self.get_success_url()
        emailed = moderation.disapprove_post(
            self.object, request.user, form.cleaned_data["reason"]
        )
        messages.success(
            request,
            emailed_message(
                "The post has been disapproved and deleted.",
                emailed,
            ),
        )
        return HttpResponseRedirect(success_url)
