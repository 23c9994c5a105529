"""Signals other apps (search, forum notifications, privacy) can hook into."""

from django.dispatch import Signal

# Sent with ``profile`` and ``by`` after a moderator's approval has committed.
member_approved = Signal()
# Sent with ``profile``, ``by`` and ``reason`` after a rejection has committed.
member_rejected = Signal()
# Sent with ``user``, ``user_id`` and ``identifiers`` (the username and every
# email address, lower case) INSIDE the transaction that anonymises an account,
# before the account row itself is emptied, so a receiver that removes its own
# personal data succeeds or fails with it and can still match old addresses.
member_deleted = Signal()
# Sent with ``user`` and ``identifiers`` when a member downloads their data;
# each receiver returns a dict of the export sections its app owns.
member_data_requested = Signal()
