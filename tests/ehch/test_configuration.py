"""Start-up configuration: one clear line for bad values, a clean deploy check."""

import secrets


def test_malformed_elasticsearch_url_is_one_clear_line_at_start_up(run_manage):
    result = run_manage("migrate", "--check", env={"ELASTICSEARCH_URL": "not a url"})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "ELASTICSEARCH_URL must look like http://host:9200" in lines[0]
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


def test_deploy_check_is_clean_with_production_settings(run_manage):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DJANGO_SETTINGS_MODULE": "ehch.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "network.example.org",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
