"""Signals other apps (search, forum notifications, privacy) can hook into."""

from django.dispatch import Signal

# Sent with ``profile`` and ``by`` after a moderator's approval has committed.
member_approved = Signal()
# Sent with ``profile``, ``by`` and ``reason`` after a rejection has committed.
member_rejected = Signal()
# Sent with ``user_id`` INSIDE the transaction that anonymises an account, so a
# receiver that removes its own personal data succeeds or fails with it.
member_deleted = Signal()
