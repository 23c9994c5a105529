#!/usr/bin/env python
"""Django's command-line utility; defaults to the development settings."""

import os
import sys
from pathlib import Path

# site/ is a source root (never a package: `site` is Python's own start-up module).
sys.path.insert(0, str(Path(__file__).resolve().parent / "site"))

# Commands that serve or change data check the configuration first, so a wrong
# DATABASE_URL or ELASTICSEARCH_URL is one clear line rather than a traceback.
CHECKED_COMMANDS = {"runserver", "migrate", "load_demo", "search_index"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ehch.settings.dev")
    if len(sys.argv) > 1 and sys.argv[1] in CHECKED_COMMANDS:
        import django

        from ehch.startup import exit_on_configuration_problem

        try:
            django.setup()
        except Exception as exc:  # noqa: BLE001 - any set-up failure is reported in one line
            sys.stderr.write(f"ehch: configuration error: {exc}\n")
            raise SystemExit(2) from None
        exit_on_configuration_problem()
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
