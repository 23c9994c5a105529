"""Make the project importable and start Django (for the benchmark's scripts)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def setup() -> None:
    """Put the repository and its site/ source root on sys.path; django.setup()."""
    for folder in (REPO, REPO / "site"):
        if str(folder) not in sys.path:
            sys.path.insert(0, str(folder))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ehch.settings.production")
    import django

    django.setup()
