"""The LOGGING setting: JSON lines for log collectors, plain text for a terminal.

``LOG_FORMAT=json`` (the default outside ``make run``) writes one JSON object
a line — ``timestamp`` (UTC, ISO 8601), ``level``, ``logger``, ``message``,
``request_id``, ``exception`` when there is one, and any ``extra`` fields — so
a collector (Loki, Elasticsearch, CloudWatch) indexes fields without parsing
free text, and a traceback stays one record instead of thirty lines.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

LOG_FORMATS = ("json", "text")

_JSON_FORMATTER = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": "{levelname}{name}{message}{request_id}",
    "style": "{",
    "timestamp": True,
    "rename_fields": {"levelname": "level", "name": "logger", "exc_info": "exception"},
    "json_ensure_ascii": False,
}
_TEXT_FORMATTER = {
    "format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s %(message)s"
}


def logging_config(level: str, log_format: str) -> dict:
    """The LOGGING dict for ``level`` (INFO, WARNING…) and ``log_format``.

    Raises:
        ImproperlyConfigured: for a format other than ``json`` or ``text``.
    """
    if log_format not in LOG_FORMATS:
        raise ImproperlyConfigured(
            f"LOG_FORMAT must be json or text, got {log_format!r}"
        )
    # Every handler gets the request id filter, so each line carries it
    # whichever logger wrote it.
    handler = {
        "class": "logging.StreamHandler",
        "stream": "ext://sys.stdout",
        "formatter": log_format,
        "filters": ["request_id"],
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": _JSON_FORMATTER, "text": _TEXT_FORMATTER},
        "filters": {
            "request_id": {"()": "ehch.request_id.RequestIdFilter"},
            "bad_host": {"()": "ehch.logfilters.BadHostAsWarning"},
        },
        "handlers": {"stdout": handler},
        "root": {"handlers": ["stdout"], "level": level},
        "loggers": {
            "django": {"handlers": ["stdout"], "level": level, "propagate": False},
            "django.security.DisallowedHost": {
                "handlers": ["stdout"],
                "level": level,
                "filters": ["bad_host"],
                "propagate": False,
            },
            # elastic_transport logs every request at INFO; that is noise.
            "elastic_transport": {"level": "WARNING"},
            # One line per task state change drowns out everything else.
            "django_tasks": {"level": "WARNING"},
        },
    }
