"""Error reports to Sentry (or a compatible service) when ``SENTRY_DSN`` is set.

Off unless configured: without a DSN nothing is sent anywhere. With one, each
unhandled exception and each ERROR log line becomes an event tagged with the
request id (ehch/request_id.py). ``send_default_pii`` stays off: the site
serves care home residents and their families, so events carry no cookies,
no signed-in person's email or name, no IP address, no request body and no
local variables. (sentry-sdk 2.x warns that ``send_default_pii`` will give way
to ``data_collection``; it is kept explicit until that option settles.)
"""

from __future__ import annotations

import sentry_sdk
from django.core.exceptions import ImproperlyConfigured
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.utils import BadDsn

from ehch.settings.environment import env_float, env_str


def start_error_reporting(
    dsn: str | None,
    *,
    environment: str | None = None,
    release: str | None = None,
    traces_sample_rate: float = 0.0,
) -> bool:
    """Start sending error reports to ``dsn``; do nothing when it is empty.

    Returns:
        Whether reporting was started.

    Raises:
        ImproperlyConfigured: for a DSN Sentry cannot read.
    """
    if not dsn:
        return False
    try:
        sentry_sdk.init(
            dsn=dsn,
            integrations=[DjangoIntegration()],
            send_default_pii=False,
            environment=environment or "production",
            release=release or None,
            traces_sample_rate=traces_sample_rate,
            # Request bodies and a failing function's local variables may hold
            # a resident's story, a safeguarding report or someone's address.
            max_request_body_size="never",
            include_local_variables=False,
        )
    except BadDsn as exc:
        raise ImproperlyConfigured(f"SENTRY_DSN is not a Sentry DSN: {exc}") from None
    return True


def start_from_environment() -> bool:
    """Start error reporting from SENTRY_* environment variables (settings)."""
    rate = env_float("SENTRY_TRACES_SAMPLE_RATE", 0.0)
    if not 0.0 <= rate <= 1.0:
        raise ImproperlyConfigured(
            f"SENTRY_TRACES_SAMPLE_RATE must be between 0 and 1, got {rate}"
        )
    return start_error_reporting(
        env_str("SENTRY_DSN"),
        environment=env_str("SENTRY_ENVIRONMENT"),
        release=env_str("SENTRY_RELEASE"),
        traces_sample_rate=rate,
    )
