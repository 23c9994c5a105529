"""Background work for the residents' space: sending safeguarding emails."""

from __future__ import annotations

from django_tasks import task


@task()
def send_safeguarding_email(alert_id: int) -> str:
    """Send one email from the safeguarding outbox (a failure queues a retry)."""
    from .safeguarding import send_alert

    outcome, _when = send_alert(alert_id)
    return outcome
