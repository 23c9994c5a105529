"""Logging filters: what the operators need to see, at the level it deserves."""

from __future__ import annotations

import logging


class BadHostAsWarning(logging.Filter):
    """A request for a host not in ALLOWED_HOSTS: one WARNING line, no traceback.

    Django logs each one at ERROR with the exception's traceback, although it
    is the client's mistake (or a scanner's) and Django already answers 400.
    Scanners send many; as errors they bury real ones.
    """

    def filter(self, record: logging.LogRecord) -> bool:  # noqa: D102
        record.levelno = logging.WARNING
        record.levelname = logging.getLevelName(logging.WARNING)
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True
