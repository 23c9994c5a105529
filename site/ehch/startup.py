"""Start-up checks that turn bad configuration into one clear line, not a traceback."""

from __future__ import annotations

import sys
from urllib.parse import urlsplit, urlunsplit


def _redacted(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        parts = parts._replace(netloc=netloc)
    return urlunsplit(parts)


def configuration_problem() -> str | None:
    """Return a one-line description of what is wrong with the configuration, or None.

    Loads the settings (which validate their own variables) and then tries the
    database once, so a wrong ``DATABASE_URL`` is reported before any request.
    """
    import os

    from django.core.exceptions import ImproperlyConfigured

    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 - forces the settings to load
    except ImproperlyConfigured as exc:
        return f"configuration error: {exc}"

    from django.db import DatabaseError, connections

    try:
        connections["default"].ensure_connection()
    except DatabaseError as exc:
        url = os.environ.get("DATABASE_URL") or "the SQLite file"
        reason = (
            str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        )
        return f"cannot reach the database ({_redacted(url)}): {reason}"
    finally:
        connections.close_all()
    return None


def exit_on_configuration_problem() -> None:
    """Print the configuration problem on stderr and exit with status 2, if any."""
    problem = configuration_problem()
    if problem:
        sys.stderr.write(f"ehch: {problem}\n")
        raise SystemExit(2)
