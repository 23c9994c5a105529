"""machina's attachment download, for those who may see the post it belongs to.

machina checks only the forum's download permission, so any member could
fetch the attachments of another member's held post by sequential id. Here
the post must also be visible to the reader (``forum.visibility``); otherwise
the attachment is not found, as if it did not exist.
"""

from __future__ import annotations

from django.http import Http404
from machina.apps.forum_conversation.forum_attachments import views as machina_views

from forum.visibility import can_see_post


class AttachmentView(machina_views.AttachmentView):
    """Download an attachment of a post the reader may see."""

    def get_queryset(self):  # noqa: D102
        return super().get_queryset().select_related("post__topic__forum")

    def get_object(self, queryset=None):  # noqa: D102
        if not hasattr(self, "_attachment"):
            attachment = super().get_object(queryset)
            handler = self.request.forum_permission_handler
            if not can_see_post(attachment.post, self.request.user, handler):
                raise Http404
            self._attachment = attachment
        return self._attachment
