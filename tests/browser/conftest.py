"""Browser fixtures: Debian's Chromium driven by Playwright against a live server.

Playwright's own browser download cannot work on the machines this runs on,
so the tests launch the ``chromium`` package that ``make test`` installs. A
missing browser fails the run (never skips): a skipped journey would hide a
broken site.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

from .summary import LOAD_DEMO_SECONDS

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Generous for a 2-core machine running Chromium, Django and two services.
TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def browser(_browser_module):
    """One headless Chromium per test module.

    Per module, not per session: while Playwright's sync API is open its event
    loop counts as running, and Django would refuse ORM calls in the tests
    that run after ours.
    """
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing. The browser tests drive Debian's chromium: "
            "make test installs Debian's chromium; run apt-get install chromium",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def _put_back(snapshot: str) -> None:
    """Empty the database and restore ``snapshot`` exactly (ids and all)."""
    call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
    connection.creation.deserialize_db_from_string(snapshot)
    # Rows came back with their ids: move each sequence past them, as loaddata does.
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(sql)


@pytest.fixture(scope="module")
def _browser_module(django_db_setup, django_db_blocker):
    """What every browser test module needs around it; yields the migrated rows.

    - ``DJANGO_ALLOW_ASYNC_UNSAFE``: while Playwright's sync API is open its
      event loop counts as running in this thread, and Django would refuse
      the tests' ordinary sync ORM calls (and the live server's flush). Set
      for our modules only, never at import: it must not leak into other
      tests' ``manage.py`` subprocesses, where ``check --deploy`` rejects it.
    - The rows migrations made (Wagtail's root page, groups, permissions):
      ``live_server`` empties the database after each test (and re-creates
      only some rows, with new ids). A snapshot taken here is put back before
      each test and after the module, for whatever runs next. (Django's own
      serialized rollback did not survive a full run reliably here.)
    """
    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock():
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        snapshot = connection.creation.serialize_db_to_string()
        yield snapshot
        _put_back(snapshot)


@pytest.fixture
def site(_browser_module, live_server, settings):
    """The live server with the demo content loaded; its base URL.

    The live server is the site's address here (``SITE_URL``), so links in
    emails, feeds and share tags lead back to it, as they would in production.

    ``live_server`` uses a transactional database that is emptied after every
    test, so each test loads the demo again (about the cost of one journey).
    """
    _put_back(_browser_module)
    settings.SITE_URL = live_server.url
    started = time.monotonic()
    # Publishing logs a line per page at INFO: keep failure reports readable.
    wagtail_log = logging.getLogger("wagtail")
    level = wagtail_log.level
    wagtail_log.setLevel(logging.WARNING)
    try:
        call_command("load_demo", verbosity=0)
    finally:
        wagtail_log.setLevel(level)
    LOAD_DEMO_SECONDS.append(time.monotonic() - started)
    return live_server.url


def _new_page(browser, base_url: str):
    # bypass_csp lets the tests inject axe-core; the site's own CSP still
    # applies to everything the site itself serves.
    context = browser.new_context(
        base_url=base_url, bypass_csp=True, viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(TIMEOUT_MS)
    return context, context.new_page()


@pytest.fixture
def page(browser, site):
    """A fresh browser tab (own cookies) on the demo site."""
    context, tab = _new_page(browser, site)
    yield tab
    context.close()


@pytest.fixture
def new_tab(browser, site):
    """Open more tabs with their own cookies: another visitor, a moderator."""
    contexts = []

    def make():
        context, tab = _new_page(browser, site)
        contexts.append(context)
        return tab

    yield make
    for context in contexts:
        context.close()
