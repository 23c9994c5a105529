"""Start-up configuration: one clear line for bad values, a clean deploy check."""

import secrets

import pytest


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("ELASTICSEARCH_URL", "not a url", " must look like http://host:9200"),
        # tests/ehch/test_client_address.py has the rest of TRUSTED_PROXIES.
        (
            "TRUSTED_PROXIES",
            "10.0.0.0/8,lb",
            ": 'lb' is not an IP address or a network",
        ),
    ],
)
def test_a_malformed_variable_is_one_clear_line_at_start_up(
    run_manage, variable, value, message
):
    result = run_manage("migrate", "--check", env={variable: value})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert f"{variable}{message}" in lines[0]
    assert "Traceback" not in result.stderr


def test_unreachable_database_is_one_clear_line_at_start_up(run_manage):
    result = run_manage(
        "migrate", env={"DATABASE_URL": "postgres://someone:s3cret@127.0.0.1:1/nothing"}
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("ehch: cannot reach the database")
    # The password never reaches the terminal or the logs.
    assert "s3cret" not in result.stderr
    assert "***" in lines[0]


def test_production_settings_name_every_missing_variable(run_manage):
    result = run_manage(
        "migrate",
        env={"DJANGO_SETTINGS_MODULE": "ehch.settings.production"},
        unset=("SECRET_KEY", "ALLOWED_HOSTS"),
    )
    assert result.returncode == 2
    assert "SECRET_KEY" in result.stderr
    assert "ALLOWED_HOSTS" in result.stderr
    assert "Traceback" not in result.stderr


def _test_database_url() -> str:
    """The address of the test database, for a ``manage.py`` subprocess."""
    from django.db import connection

    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def test_deploy_check_is_clean_with_production_settings(run_manage, transactional_db):
    from cms.models import ContactDetails

    # Without them, cms.W001 warns (tests/cms/test_contact_details.py).
    ContactDetails.objects.create(phone="01632 960000")
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DJANGO_SETTINGS_MODULE": "ehch.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "network.example.org",
            # Without one, check --deploy fails (tests/voices/test_safeguarding.py).
            "VOICES_SAFEGUARDING_EMAILS": "safeguarding@example.org",
            "DATABASE_URL": _test_database_url(),
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_postgresql_connections_run_without_jit_unless_asked(monkeypatch):
    from ehch.settings.environment import database_config

    url = "postgres://app:secret@db.example.org:5432/ehch"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("DATABASE_JIT", raising=False)
    assert database_config("unused.sqlite3")["OPTIONS"]["options"] == "-c jit=off"
    # Options given in the address are kept.
    monkeypatch.setenv("DATABASE_URL", url + "?options=-c%20statement_timeout%3D5000")
    options = database_config("unused.sqlite3")["OPTIONS"]["options"]
    assert options == "-c statement_timeout=5000 -c jit=off"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DATABASE_JIT", "true")
    assert "options" not in database_config("unused.sqlite3")["OPTIONS"]


def test_the_test_database_connection_has_jit_off(db):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.parametrize(
    ("site_url", "sender"),
    [
        ("https://ehch.example.org", "noreply@ehch.example.org"),
        ("http://127.0.0.1:8123", "noreply@[127.0.0.1]"),
        ("http://[::1]:8000", "noreply@[::1]"),
    ],
)
def test_the_default_sender_is_on_the_site_address_never_localhost(
    run_manage, site_url, sender
):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DEFAULT_FROM_EMAIL)",
        env={"SITE_URL": site_url},
        unset=("DEFAULT_FROM_EMAIL",),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(f"<{sender}>")
