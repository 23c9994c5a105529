"""Signals other apps (site-wide search) hook into; sent only by forum code.

- ``forum_post_published(post)``: a post became visible to readers (created
  approved, or approved by a moderator).
- ``forum_post_removed(post)``: a visible post stopped being visible (deleted,
  disapproved, or its topic deleted). Sent before the row is deleted, so
  ``post.pk`` is still set.
"""

from django.dispatch import Signal

forum_post_published = Signal()
forum_post_removed = Signal()
