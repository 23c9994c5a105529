"""Settings for `make run`: SQLite, printed emails, debug on unless told otherwise."""

from ehch.logs import logging_config

from .base import *  # noqa: F403
from .environment import env_bool, env_list, env_str

# A terminal reads text better than JSON.
LOG_FORMAT = env_str("LOG_FORMAT", "text")
LOGGING = logging_config(LOG_LEVEL, LOG_FORMAT)  # noqa: F405

DEBUG = env_bool("DEBUG", True)
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)  # Wagtail images only (ehch/media.py)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-not-secret-" + "x" * 40)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
# The demo runs tasks in the request so nobody needs to start a worker.
TASKS = {
    "default": {
        "BACKEND": env_str(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
