"""machina's member views, with its public member pages closed.

The profile URL stays (machina's templates reverse it) and sends everyone on
to the site's profile, ``members:profile`` (signed-in members, by account
number), and the posts list answers only its own member ("My posts"), so
neither reveals usernames or posts.
Classes not defined here (profile settings, subscriptions) are machina's.
"""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.views.generic import RedirectView
from machina.apps.forum_member.views import (
    TopicSubscribeView as MachinaTopicSubscribeView,
)
from machina.apps.forum_member.views import (
    TopicUnsubscribeView as MachinaTopicUnsubscribeView,
)
from machina.apps.forum_member.views import (
    UserPostsView as MachinaUserPostsView,
)

from forum.visibility import can_see_topic, visible_posts


class UserPostsView(MachinaUserPostsView):
    """A member's own posts ("My posts"), held ones included; others' are 404."""

    def dispatch(self, request, *args, **kwargs):  # noqa: D102
        if str(request.user.pk) != str(kwargs.get(self.user_pk_url_kwarg)):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):  # noqa: D102
        return visible_posts(
            self.request.user,
            super().get_queryset(),
            self.request.forum_permission_handler,
        )


class ForumProfileDetailView(RedirectView):
    """machina's public profile of an account: sent to the site's own profile.

    Every number is sent on, whether or not an account has it, so the answer
    says nothing; ``members:profile`` asks visitors to sign in and decides
    who may see what. machina's templates link names here.
    """

    permanent = False
    query_string = False

    def get_redirect_url(self, *args, **kwargs) -> str:  # noqa: D102
        return reverse("members:profile", kwargs={"user_id": kwargs["pk"]})


class _VisibleTopicMixin:
    def get_object(self, queryset=None):
        topic = super().get_object(queryset)
        handler = self.request.forum_permission_handler
        if not can_see_topic(topic, self.request.user, handler):
            raise Http404
        return topic


class TopicSubscribeView(_VisibleTopicMixin, MachinaTopicSubscribeView):
    """Follow a topic the reader may see (a held topic is not found by others)."""


class TopicUnsubscribeView(_VisibleTopicMixin, MachinaTopicUnsubscribeView):
    """Stop following a topic the reader may see."""
