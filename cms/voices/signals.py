"""Signals other apps (site search, the home page) can listen to.

Both send ``sender=Submission`` and ``submission=<the Submission>``, after the
change is committed to the database.
"""

from django.dispatch import Signal

# A statement has become public (approved, or re-approved with new text).
statement_published = Signal()
# A public statement has left the site (withdrawn, rejected, flagged or deleted).
statement_unpublished = Signal()
