"""System checks: a safeguarding concern must have someone to go to.

``voices.W001`` warns under every settings module (including on every
``manage.py`` command in production). ``voices.E001`` is a deployment check,
so ``manage.py check --deploy`` fails under production settings
(``VOICES_SAFEGUARDING_REQUIRED``), while ``migrate`` can still run to create
the group that may fix it.
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks

HINT = (
    "Set VOICES_SAFEGUARDING_EMAILS (comma-separated addresses) or add people "
    "with an email address to the “Safeguarding contacts” group."
)


def _nobody() -> str | None:
    from .safeguarding import recipients_status

    count, unreadable = recipients_status()
    if count:
        return None
    message = "Nobody would be told about a safeguarding concern in a shared view"
    if unreadable:
        message += f" ({unreadable})"
    return message + "."


@checks.register("voices")
def safeguarding_recipients_warning(
    app_configs=None, **kwargs
) -> list[checks.CheckMessage]:
    """Warn when a flagged view would reach nobody."""
    problem = _nobody()
    if problem is None:
        return []
    return [checks.Warning(problem, hint=HINT, id="voices.W001")]


@checks.register("voices", deploy=True)
def safeguarding_recipients_required(
    app_configs=None, **kwargs
) -> list[checks.CheckMessage]:
    """In production, having nobody to tell is an error (check --deploy fails)."""
    if not getattr(settings, "VOICES_SAFEGUARDING_REQUIRED", False):
        return []
    problem = _nobody()
    if problem is None:
        return []
    return [
        checks.Error(
            f"{problem} Production needs at least one safeguarding contact.",
            hint=HINT,
            id="voices.E001",
        )
    ]
