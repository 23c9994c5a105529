"""Guards for the layout rules in CONVENTIONS.md."""

from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

REPO = Path(__file__).resolve().parent.parent

# machina finds its templates by these bare names; we override them on purpose.
MACHINA_OVERRIDES = {
    "_base.html",
    "board_base.html",
    "partials",
    "forum",
    "forum_conversation",
    "forum_feeds",
    "forum_member",
    "forum_moderation",
    "forum_search",
    "forum_tracking",
}
SITE_WIDE = {"components", "base.html", "403.html", "404.html", "500.html"}


def test_every_top_level_template_entry_is_an_app_label_or_a_deliberate_override():
    labels = {config.label for config in apps.get_app_configs()}
    entries = {path.name for path in (REPO / "templates").iterdir()}
    unexpected = entries - labels - MACHINA_OVERRIDES - SITE_WIDE
    assert not unexpected, f"templates/ holds entries nobody owns: {sorted(unexpected)}"


def test_the_shell_is_not_importable_as_site():
    import site

    # The standard library's start-up module, not our site/ folder.
    assert not hasattr(site, "__path__")
    assert Path(site.__file__).parent != REPO / "site"


def test_every_tests_folder_is_a_package():
    missing = [
        str(folder.relative_to(REPO))
        for folder in (REPO / "tests").rglob("*")
        if folder.is_dir()
        and folder.name != "__pycache__"
        and not (folder / "__init__.py").exists()
    ]
    assert not missing, f"tests folders without __init__.py: {missing}"


@pytest.mark.django_db
def test_no_model_change_is_missing_a_migration():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    assert "No changes detected" in out.getvalue()
