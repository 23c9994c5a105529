"""The reference deployment in deploy/: systemd units, HAProxy, environment.

No systemd or container engine runs in the test environment, so the units are
read as files: who they run as, what they start, and that every crontab line
has a timer on the same schedule. HAProxy's own parser (`make test` installs
Debian's haproxy) checks the balancer's configuration with the example
addresses and a throwaway certificate.
"""

from __future__ import annotations

import datetime
import os
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
UNITS = DEPLOY / "systemd"
CRONTAB = REPO / "scripts" / "cron" / "ehch.crontab"


def read_unit(path: Path) -> dict[str, dict[str, list[str]]]:
    """A unit file as {section: {key: [values]}} (systemd allows repeated keys)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        assert current is not None, f"{path.name}: {line!r} before any section"
        key, sep, value = line.partition("=")
        assert sep, f"{path.name}: {line!r} is not KEY=value"
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def read_env_file(path: Path) -> dict[str, str]:
    """NAME=value lines, as systemd's EnvironmentFile reads them."""
    pairs = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            pairs[name] = value
    return pairs


def services() -> list[Path]:
    return sorted(UNITS.glob("*.service"))


def cron_to_calendar(minute: str, hour: str) -> str:
    """The OnCalendar= form of a crontab minute and hour (other fields '*')."""
    minutes = f"00/{minute[2:]}" if minute.startswith("*/") else f"{int(minute):02d}"
    hours = "*" if hour == "*" else f"{int(hour):02d}"
    return f"*-*-* {hours}:{minutes}:00"


def crontab_jobs() -> dict[str, str]:
    """manage.py command line -> OnCalendar, from scripts/cron/ehch.crontab."""
    jobs = {}
    for line in CRONTAB.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        minute, hour, dom, month, dow, _runner, *command = line.split()
        assert (dom, month, dow) == ("*", "*", "*"), f"cannot translate {line!r}"
        jobs[" ".join(command)] = cron_to_calendar(minute, hour)
    return jobs


@pytest.mark.parametrize("unit", services(), ids=lambda p: p.name)
def test_every_service_runs_as_the_ehch_user_with_the_site_environment(unit):
    service = read_unit(unit)["Service"]
    assert service["User"] == ["ehch"]
    assert service["Group"] == ["ehch"]
    assert service["EnvironmentFile"] == ["/etc/ehch/ehch.env"]
    assert service["WorkingDirectory"] == ["/opt/ehch"]
    assert service["NoNewPrivileges"] == ["yes"]
    assert service["ExecStart"][0].startswith("/opt/ehch/.venv/bin/")


def test_the_web_server_is_gunicorn_with_the_shared_config():
    unit = read_unit(UNITS / "ehch-web.service")
    assert unit["Service"]["ExecStart"] == [
        "/opt/ehch/.venv/bin/gunicorn --config /opt/ehch/deploy/gunicorn.conf.py"
    ]
    assert unit["Install"]["WantedBy"] == ["multi-user.target"]


def test_the_worker_is_django_tasks_db_worker_with_a_unique_id():
    unit = read_unit(UNITS / "ehch-worker@.service")
    (command,) = unit["Service"]["ExecStart"]
    assert "manage.py db_worker" in command
    assert "--worker-id %H-%i" in command
    # The command exists under that name in the installed django-tasks backend.
    import django_tasks_db

    commands = Path(django_tasks_db.__file__).parent / "management" / "commands"
    assert (commands / "db_worker.py").exists()


def test_every_crontab_job_has_a_timer_on_the_same_schedule():
    timers = {}
    for timer_path in sorted(UNITS.glob("*.timer")):
        timer = read_unit(timer_path)
        service = read_unit(timer_path.with_suffix(".service"))
        assert service["Service"]["Type"] == ["oneshot"]
        (command,) = service["Service"]["ExecStart"]
        prefix = "/opt/ehch/.venv/bin/python manage.py "
        assert command.startswith(prefix)
        assert command.endswith(" --verbosity 0")
        job = command.removeprefix(prefix).removesuffix(" --verbosity 0")
        timers[job] = timer["Timer"]["OnCalendar"][0]
        assert timer["Timer"]["Persistent"] == ["true"]
        assert timer["Install"]["WantedBy"] == ["timers.target"]
    assert timers == crontab_jobs()


def test_the_worker_unit_names_a_real_manage_command_for_each_timer():
    # Each timer's command is a management command of this project.
    from django.core.management import get_commands

    for job in crontab_jobs():
        assert job.split()[0] in get_commands(), job


def test_gunicorn_config_takes_its_address_and_workers_from_the_environment(
    monkeypatch,
):
    monkeypatch.setenv("GUNICORN_BIND", "10.0.0.11:8000")
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert config["bind"] == ["10.0.0.11:8000"]
    assert config["workers"] == 3
    assert config["wsgi_app"] == "ehch.wsgi:application"
    assert Path(config["chdir"]) == REPO
    assert (REPO / config["pythonpath"] / "ehch" / "wsgi.py").exists()


def test_the_environment_example_starts_production_settings():
    env = read_env_file(DEPLOY / "ehch.env.example")
    assert env["TRUSTED_PROXIES"]
    assert env["CACHE_URL"].startswith("redis://")
    assert env["ELASTICSEARCH_URL"].count(",") == 2
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SHARED_CACHE, len(settings.TRUSTED_PROXIES), "
        "settings.STORAGES['default']['BACKEND'], settings.READYZ_OPTIONAL)"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        env={"PATH": os.environ["PATH"], "PYTHONPATH": str(REPO / "site"), **env},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    # The last line: start-up logs go to standard output too.
    assert result.stdout.splitlines()[-1].split()[:3] == [
        "True",
        "1",
        "ehch.storage.ObjectStorage",
    ]


def _throwaway_certificate(folder: Path) -> Path:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "network.example.org")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    pem = folder / "ehch.pem"
    pem.write_bytes(
        cert.public_bytes(serialization.Encoding.PEM)
        + key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return pem


def test_haproxy_accepts_the_config_with_the_example_addresses(tmp_path):
    haproxy = shutil.which("haproxy")
    assert haproxy, "haproxy is missing: make haproxy (apt-get install haproxy)"
    env = read_env_file(DEPLOY / "haproxy" / "haproxy.env.example")
    env["EHCH_TLS_CERT"] = str(_throwaway_certificate(tmp_path))
    env["EHCH_HAPROXY_SOCKET"] = str(tmp_path / "admin.sock")
    result = subprocess.run(  # noqa: S603
        [haproxy, "-c", "-f", str(DEPLOY / "haproxy" / "haproxy.cfg")],
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Configuration file is valid" in result.stdout


def test_haproxy_checks_readyz_and_sets_the_forwarded_headers():
    config = (DEPLOY / "haproxy" / "haproxy.cfg").read_text()
    assert "option httpchk" in config
    assert "http-check send meth GET uri /readyz" in config
    assert "http-check expect status 200" in config
    assert "option forwardfor" in config
    assert "http-request set-header X-Forwarded-Proto https" in config
    servers = re.findall(r"^\s*server (\S+) .* check$", config, flags=re.M)
    assert servers == ["app1", "app2"]
