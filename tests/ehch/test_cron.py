"""scripts/cron: every scheduled job names a real command with valid arguments."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from django.core.management import get_commands, load_command_class

ROOT = Path(__file__).resolve().parents[2]
CRONTAB = ROOT / "scripts" / "cron" / "ehch.crontab"
RUN = ROOT / "scripts" / "cron" / "run.sh"
FIELD = re.compile(r"^(\*|\d+)(-\d+)?(/\d+)?(,(\d+)(-\d+)?)*$")
# The jobs the README tells operators to schedule.
EXPECTED = {
    "search_index",
    "publish_scheduled",
    "alert_stale_queue",
    "forum_digest",
    "send_search_alerts",
    "purge_voice_contacts",
    "safeguarding_alerts",
    "send_tried_follow_ups",
}


def _jobs() -> list[tuple[list[str], list[str]]]:
    jobs = []
    for line in CRONTAB.read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split()
        jobs.append((parts[:5], parts[5:]))
    return jobs


def test_every_job_has_a_valid_schedule_and_a_real_command_and_arguments():
    commands = get_commands()
    seen = set()
    for schedule, command in _jobs():
        assert all(FIELD.match(field) for field in schedule), schedule
        assert command[0] == "$EHCH_HOME/scripts/cron/run.sh", command
        name, args = command[1], command[2:]
        assert name in commands, f"no manage.py command {name}"
        parser = load_command_class(commands[name], name).create_parser(
            "manage.py", name
        )
        parser.parse_args(args)  # exits (fails the test) on a bad argument
        seen.add(name)
    assert seen == EXPECTED


def test_the_cron_wrapper_runs_a_command_with_the_sites_environment():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ehch.settings.test"}
    done = subprocess.run(  # noqa: S603 - our own script
        [str(RUN), "check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    refused = subprocess.run(  # noqa: S603 - our own script
        [str(RUN)], env=env, capture_output=True, text=True
    )
    assert refused.returncode == 2 and "usage" in refused.stderr


def test_safeguarding_alerts_run_every_five_minutes():
    schedules = {command[1]: schedule for schedule, command in _jobs()}
    assert schedules["safeguarding_alerts"] == ["*/5", "*", "*", "*", "*"]


def test_the_cron_wrapper_leaves_locking_to_the_database_not_this_machine():
    # A flock locks one machine; each command takes a cluster-wide lock itself
    # (tests/ehch/test_cluster_lock.py).
    code = [line for line in RUN.read_text().splitlines() if not line.startswith("#")]
    assert not any("flock" in line for line in code)
