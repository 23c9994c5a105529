"""Scheduled jobs run once at a time across machines (ehch.cluster_lock).

The lock lives in PostgreSQL, so these tests hold it from another process or
another connection, as a second server would, and run the real commands.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

from ehch.cluster_lock import ClusterLock, lock_key, once_per_cluster
from ehch.models import JobLease

ROOT = Path(__file__).resolve().parents[2]
RUN = ROOT / "scripts" / "cron" / "run.sh"

pytestmark = pytest.mark.django_db

# Every scheduled command, with the arguments the crontab gives it.
SCHEDULED = [
    ("search_index", ["--sync"]),
    ("publish_scheduled", []),
    ("alert_stale_queue", []),
    ("forum_digest", []),
    ("send_search_alerts", []),
    ("purge_voice_contacts", []),
    ("safeguarding_alerts", []),
    ("send_tried_follow_ups", []),
]

# Another server: takes the lock on the test database, says so, and holds it
# until its standard input closes.
HOLDER = """
import sys
import django
django.setup()
from ehch.cluster_lock import ClusterLock
locks = [ClusterLock(name) for name in sys.argv[1:]]
print("held" if all(lock.acquire() for lock in locks) else "busy", flush=True)
sys.stdin.read()
for lock in locks:
    lock.release()
"""


def _test_database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def _environment() -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ehch.settings.test",
        "DATABASE_URL": _test_database_url(),
        # This checkout's code, as pytest sees it (the virtualenv may be shared).
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "site")]),
    }


@pytest.fixture
def other_server():
    """Start a process that holds a job's lock, as another server would."""
    started = []

    def hold(*names: str) -> subprocess.Popen:
        process = subprocess.Popen(  # noqa: S603 - our own code
            [sys.executable, "-c", HOLDER, *names],
            env=_environment(),
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        lines = iter(process.stdout.readline, "")
        said = next(line for line in lines if line.strip() in {"held", "busy"})
        assert said.strip() == "held"
        return process

    yield hold
    for process in started:
        process.stdin.close()
        process.wait(timeout=30)


@pytest.fixture
def lock_log(caplog):
    caplog.set_level(logging.INFO, logger="ehch.cluster_lock")
    return caplog


def test_publish_scheduled_is_our_locked_command_not_wagtails():
    assert get_commands()["publish_scheduled"] == "ehch"


def test_every_scheduled_command_does_nothing_while_another_server_runs_it(
    other_server, lock_log, capsys
):
    other_server(*(name for name, _ in SCHEDULED))
    for name, args in SCHEDULED:
        capsys.readouterr()
        call_command(name, *args)  # returns: exit code 0
        assert f"{name} is already running elsewhere" in lock_log.text
        assert capsys.readouterr().out == "", name  # the job never started


def test_a_digest_waits_for_nobody_once_the_other_server_has_finished(
    other_server, lock_log
):
    holder = other_server("forum_digest")
    call_command("forum_digest", verbosity=0)
    assert "already running elsewhere" in lock_log.text
    holder.stdin.close()
    holder.wait(timeout=30)
    lock_log.clear()
    call_command("forum_digest", verbosity=0)
    assert "already running elsewhere" not in lock_log.text


def test_through_the_cron_wrapper_a_second_run_exits_0_and_logs_why(other_server):
    other_server("purge_voice_contacts")
    done = subprocess.run(  # noqa: S603 - our own script
        [str(RUN), "purge_voice_contacts"],
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "purge_voice_contacts is already running elsewhere" in done.stdout
    assert "Deleted" not in done.stdout


class SlowJob(BaseCommand):
    """A job that runs until the test lets it finish."""

    started = threading.Event()
    finish = threading.Event()

    @once_per_cluster("test-slow-job")
    def handle(self, *args, **options):
        SlowJob.started.set()
        assert SlowJob.finish.wait(30)
        self.stdout.write("slow job done")


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_in_two_threads_one_runs_the_other_reports_it(lock_log):
    SlowJob.started.clear()
    SlowJob.finish.clear()
    outputs: dict[str, str] = {}

    def run(label: str) -> None:
        from io import StringIO

        out = StringIO()
        try:
            call_command(SlowJob(), stdout=out)
        finally:
            connection.close()  # this thread's own connection
        outputs[label] = out.getvalue()

    first = threading.Thread(target=run, args=("first",))
    first.start()
    assert SlowJob.started.wait(30)
    second = threading.Thread(target=run, args=("second",))
    second.start()
    second.join(30)
    assert not second.is_alive()  # it did not wait for the first
    assert outputs["second"] == ""
    assert "test-slow-job is already running elsewhere" in lock_log.text
    SlowJob.finish.set()
    first.join(30)
    assert outputs["first"] == "slow job done\n"
    with ClusterLock("test-slow-job") as lock:  # free again
        assert lock.name == "test-slow-job"


class FailingJob(BaseCommand):
    """A job that raises."""

    @once_per_cluster("test-failing-job")
    def handle(self, *args, **options):
        raise RuntimeError("the job broke")


def _advisory_locks_held() -> int:
    key = lock_key("test-failing-job")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
            "AND ((classid::bigint << 32) | objid::bigint) = %s",
            [key],
        )
        return cursor.fetchone()[0]


def test_the_lock_is_released_when_the_job_raises():
    with pytest.raises(RuntimeError, match="the job broke"):
        call_command(FailingJob())
    assert _advisory_locks_held() == 0
    with ClusterLock("test-failing-job"):
        assert _advisory_locks_held() == 1
    assert _advisory_locks_held() == 0


def test_a_real_command_that_raises_releases_its_lock_too():
    with pytest.raises(ValueError, match="cannot be negative"):
        call_command("purge_voice_contacts", days=-1, verbosity=0)
    with ClusterLock("purge_voice_contacts") as lock:
        assert lock.name == "purge_voice_contacts"


def test_the_key_is_the_same_everywhere_and_differs_by_job():
    assert lock_key("forum_digest") == lock_key("forum_digest")
    assert lock_key("forum_digest") != lock_key("send_search_alerts")
    assert -(2**63) <= lock_key("forum_digest") < 2**63


# Without PostgreSQL (SQLite under make run): the lease table -----------------


def test_a_lease_is_taken_once_and_given_back():
    first = ClusterLock("lease-job", advisory=False)
    second = ClusterLock("lease-job", advisory=False)
    assert first.acquire()
    assert not second.acquire()
    assert str(os.getpid()) in second.held_by
    first.release()
    assert not JobLease.objects.exists()
    assert second.acquire()
    second.release()


def _ended_process_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])  # noqa: S603
    process.wait()
    return process.pid


def test_a_lease_whose_process_has_ended_on_this_machine_is_taken_over():
    JobLease.objects.create(
        name="lease-job",
        token="old",
        holder=f"{socket.gethostname()} pid {_ended_process_pid()}",
        expires_at=timezone.now() + timedelta(hours=1),
    )
    lock = ClusterLock("lease-job", advisory=False)
    assert lock.acquire()
    assert JobLease.objects.get().token != "old"
    lock.release()


def test_another_machines_lease_holds_until_it_expires():
    lease = JobLease.objects.create(
        name="lease-job",
        token="theirs",
        holder="server-2 pid 123",
        expires_at=timezone.now() + timedelta(hours=1),
    )
    lock = ClusterLock("lease-job", advisory=False)
    assert not lock.acquire()
    assert lock.held_by == "server-2 pid 123"
    lease.expires_at = timezone.now() - timedelta(seconds=1)
    lease.save()
    assert lock.acquire()
    lock.release()
