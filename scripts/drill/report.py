"""Cut the cluster drill's request timeline into phases and write the report.

Reads the drill's work folder (phases.tsv, timeline.jsonl, the checks' JSON,
HAProxy's log and final `show stat`) and writes cluster-drill.json and
cluster-drill.md into the results folder, printing the Markdown. Exits 1 when
a check failed, so `make cluster-drill` says so.

Usage: python scripts/drill/report.py WORK RESULTS ELAPSED_SECONDS
"""

from __future__ import annotations

import csv
import io
import json
import os
import platform
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FAULT_FREE = {"baseline", "settle"}


def percentile(values: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile, or None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, round(fraction * len(ordered) + 0.5))
    return round(ordered[min(rank, len(ordered)) - 1], 1)


def read_phases(work: Path) -> list[dict]:
    """Each phase with its start, end and note (the last row is the end mark)."""
    rows = [line.split("\t") for line in (work / "phases.tsv").read_text().splitlines()]
    return [
        {
            "name": name,
            "note": note,
            "start": float(start),
            "end": float(rows[i + 1][0]),
        }
        for i, (start, name, note) in enumerate(rows[:-1])
    ]


def phase_stats(phases: list[dict], timeline: list[list]) -> list[dict]:
    """Requests, errors (by request and message) and latency per phase."""
    out = []
    for phase in phases:
        rows = [r for r in timeline if phase["start"] <= r[0] < phase["end"]]
        failed = [r for r in rows if not r[3]]
        ms = [r[2] for r in rows]
        out.append(
            {
                "phase": phase["name"],
                "note": phase["note"],
                "seconds": round(phase["end"] - phase["start"], 1),
                "requests": len(rows),
                "errors": len(failed),
                "errors_by_request": dict(Counter(r[1] for r in failed)),
                "error_messages": dict(
                    Counter(r[4] if len(r) > 4 else "?" for r in failed).most_common(5)
                ),
                "p50_ms": percentile(ms, 0.50),
                "p95_ms": percentile(ms, 0.95),
                "max_ms": round(max(ms), 1) if ms else None,
            }
        )
    return out


def haproxy_summary(work: Path) -> dict:
    """Server state changes from HAProxy's log; retries and redispatches."""
    log = work / "logs" / "haproxy.log"
    # Each change is logged twice in the foreground (stderr and the log); the
    # [WARNING] copy is enough.
    events = [
        re.sub(r"^.*?Server ehch_app/", "", line).split(",")[0].strip()
        for line in (log.read_text().splitlines() if log.exists() else [])
        if line.startswith("[WARNING]") and "Server ehch_app/" in line
    ]
    stat = work / "haproxy-stat.csv"
    servers = {}
    if stat.exists():
        text = stat.read_text().lstrip("# ")
        for row in csv.DictReader(io.StringIO(text)):
            if row["pxname"] == "ehch_app":
                servers[row["svname"]] = {
                    "requests": int(row["stot"] or 0),
                    "retries": int(row["wretr"] or 0),
                    "redispatches": int(row["wredis"] or 0),
                    "connection_errors": int(row["econ"] or 0),
                    "response_errors": int(row["eresp"] or 0),
                    "status": row["status"],
                }
    return {"server_state_changes": events, "servers": servers}


def _version(command: list[str], pattern: str) -> str:
    try:
        text = subprocess.run(command, capture_output=True, text=True).stdout  # noqa: S603
    except OSError:
        return "?"
    match = re.search(pattern, text)
    return match.group(1) if match else "?"


def machine() -> dict:
    """The machine and the versions the drill ran."""
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    es = re.search(
        r"ES_VERSION=(\S+)", (REPO / "scripts/services/versions.env").read_text()
    )
    pg = sorted(p.name for p in Path("/usr/lib/postgresql").glob("*"))
    return {
        "cpus": os.cpu_count(),
        "cpu_model": cpu,
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "os": platform.platform(),
        "load_average_at_end": os.getloadavg(),
        "python": platform.python_version(),
        "postgresql": pg[-1] if pg else "?",
        "elasticsearch": es.group(1) if es else "?",
        "redis": _version(["redis-server", "--version"], r"v=(\S+)"),
        "haproxy": _version(["haproxy", "-v"], r"version (\S+)"),
    }


def _load(work: Path, name: str) -> dict:
    path = work / name
    return json.loads(path.read_text()) if path.exists() else {}


def build(work: Path, elapsed: int) -> dict:
    """Everything the report says, as one dict."""
    timeline = [
        json.loads(line)
        for line in (work / "timeline.jsonl").read_text().splitlines()
        if line
    ]
    phases = phase_stats(read_phases(work), timeline)
    writes = _load(work, "writes.json")
    search = _load(work, "search.json")
    digests = _load(work, "digests.json")
    fault_free_errors = sum(p["errors"] for p in phases if p["phase"] in FAULT_FREE)
    checks = {
        "no errors in baseline and settle": fault_free_errors == 0,
        "every write found": bool(writes.get("all_present")),
        "search index caught up": bool(search.get("caught_up")),
        "jobs once (forum_digest on both hosts at once)": bool(
            digests.get("exactly_once")
        ),
    }
    return {
        "elapsed_seconds": elapsed,
        "settings": {
            "phase_seconds": int(os.environ.get("DRILL_PHASE_SECONDS", "45")),
            "locust_users": int(os.environ.get("DRILL_USERS", "6")),
            "gunicorn_workers_per_host": int(os.environ.get("DRILL_WORKERS", "2")),
        },
        "machine": machine(),
        "phases": phases,
        "haproxy": haproxy_summary(work),
        "writes": writes,
        "queue_after_load": _load(work, "drain.json"),
        "search": search,
        "jobs_once": digests,
        "checks": checks,
        "passed": all(checks.values()),
    }


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def markdown(report: dict) -> str:
    """The README's table and the checks beneath it."""
    m = report["machine"]
    s = report["settings"]
    lines = [
        f"Machine: {m['cpus']} CPUs ({m['cpu_model']}), {m['memory_gb']} GB, "
        f"shared with other jobs (load average at the end "
        f"{m['load_average_at_end'][0]:.1f}); PostgreSQL {m['postgresql']}, "
        f"Elasticsearch {m['elasticsearch']} (3 nodes, 384 MB heap each), "
        f"Redis {m['redis']}, HAProxy {m['haproxy']}, Python {m['python']}. "
        f"Two gunicorn servers of {s['gunicorn_workers_per_host']} workers, "
        f"two db_worker processes, locust with {s['locust_users']} users "
        f"({s['locust_users'] - 2} readers back to back, 2 writers). "
        f"Whole drill: {report['elapsed_seconds']} s.",
        "",
        "| Phase | Seconds | Requests | Errors | p50 ms | p95 ms |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for p in report["phases"]:
        lines.append(
            f"| {p['phase']} | {p['seconds']:.0f} | {p['requests']:,} | "
            f"{p['errors']} | {_ms(p['p50_ms'])} | {_ms(p['p95_ms'])} |"
        )
    lines.append("")
    for p in report["phases"]:
        if p["errors"]:
            why = "; ".join(f"{k} ×{v}" for k, v in p["error_messages"].items())
            where = ", ".join(f"{k} ×{v}" for k, v in p["errors_by_request"].items())
            lines.append(f"- Errors in *{p['phase']}*: {where} ({why}).")
    h = report["haproxy"]
    changes = h["server_state_changes"]
    if changes:
        shown = "; ".join(changes[:12])
        more = f" and {len(changes) - 12} more" if len(changes) > 12 else ""
        lines.append(
            f"- HAProxy marked servers up or down {len(changes)} times: {shown}{more}."
        )
    for name, server in h["servers"].items():
        if name.startswith("app"):
            lines.append(
                f"- {name}: {server['requests']:,} requests, "
                f"{server['redispatches']} redispatched, {server['retries']} retried, "
                f"{server['connection_errors']} connection errors."
            )
    w = report["writes"]
    if w:
        lines.append(
            f"- Writes: the workload saw {json.dumps(w['reported_by_workload'])} "
            f"succeed; found in the database: {json.dumps(w['found_in_database'])}."
        )
    sr = report["search"]
    if sr:
        lines.append(
            f"- Search: {sr['searchable_in_database']} searchable objects in the "
            f"database, {sr['in_elasticsearch']} documents in Elasticsearch, "
            f"{sr['missing_from_elasticsearch']} missing, "
            f"{sr['in_elasticsearch_not_searchable']} extra."
        )
    j = report["jobs_once"]
    if j:
        per = json.dumps(j["digests_per_subscriber"])
        lines.append(
            "- Jobs once: `manage.py forum_digest` started on both hosts at the same "
            f"moment; digests per subscriber: {per}."
        )
    lines.append("")
    lines.append("| Check | Result |")
    lines.append("|---|---|")
    for name, ok in report["checks"].items():
        lines.append(f"| {name} | {'pass' if ok else 'FAIL'} |")
    return "\n".join(lines) + "\n"


def main(work: str, results: str, elapsed: str) -> int:
    """Write both files, print the Markdown; 1 when a check failed."""
    report = build(Path(work), int(elapsed))
    out = Path(results)
    out.mkdir(parents=True, exist_ok=True)
    (out / "cluster-drill.json").write_text(json.dumps(report, indent=2))
    text = markdown(report)
    (out / "cluster-drill.md").write_text(text)
    print(text)  # noqa: T201
    return 0 if report["passed"] else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
