"""WSGI entry point; defaults to production settings."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ehch.settings.production")

application = get_wsgi_application()

from ehch.startup import exit_on_configuration_problem  # noqa: E402

exit_on_configuration_problem()
