"""Turn the benchmark's raw measurements into tables and one JSON file.

Usage: python scripts/bench/report.py RESULTS_DIR

Reads RESULTS_DIR/raw/*.json (written by the other scripts), writes
RESULTS_DIR/bench.json and RESULTS_DIR/bench.md, and prints the tables.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

SIZES = ("15", "10000")
SIZE_LABEL = {
    "15": "15 case studies (demo only)",
    "10000": "10,000 case studies, 100,000 forum posts, 5,000 statements",
}
SEARCH_SIZES = ("15", "1000", "10000")


def _load(path: Path) -> dict | None:
    return json.loads(path.read_text()) if path.exists() else None


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _phases(path: Path) -> dict[str, float]:
    """The steps run.sh timed, in order (a tab between name and seconds)."""
    if not path.exists():
        return {}
    steps = (line.split("\t") for line in path.read_text().splitlines() if line)
    return {name: float(seconds) for name, seconds in steps}


def machine() -> dict:
    """Where the figures came from."""
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    try:
        free = subprocess.run(  # noqa: S603
            ["free", "-h"],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        free = ""
    return {
        "nproc": os.cpu_count(),
        "cpu_model": model,
        "free_h": free,
        "python": platform.python_version(),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def load_table(load: dict, queries: dict) -> list[dict]:
    """One row per page (reads first, then the writes), from raw samples."""
    seconds = load["seconds"]
    rows = []
    for name, samples in load["samples_ms"].items():
        count = len(samples)
        q = queries.get(name, {})
        rows.append(
            {
                "page": name,
                "requests": count,
                "rps": round(count / seconds, 1),
                "p50_ms": round(_percentile(samples, 0.50), 1),
                "p95_ms": round(_percentile(samples, 0.95), 1),
                "p99_ms": round(_percentile(samples, 0.99), 1),
                "errors": load["errors"].get(name, 0),
                "page_cache_hit_pct": round(
                    100 * load["cache_hits"].get(name, 0) / count
                )
                if name in queries
                else None,
                "sql_cache_off": q.get("cache_off", {}).get("queries"),
                "sql_cache_on": q.get("cache_on", {}).get("queries"),
                "uncached_ms": q.get("cache_off", {}).get("median_ms"),
            }
        )
    order = list(queries) + sorted(n for n in load["samples_ms"] if n not in queries)
    rows.sort(key=lambda row: order.index(row["page"]))
    total = sum(len(s) for s in load["samples_ms"].values())
    rows.append(
        {
            "page": "all requests",
            "requests": total,
            "rps": round(total / seconds, 1),
            "p50_ms": round(
                statistics.median(x for s in load["samples_ms"].values() for x in s), 1
            ),
            "p95_ms": None,
            "p99_ms": None,
            "errors": sum(load["errors"].values()),
            "page_cache_hit_pct": None,
            "sql_cache_off": None,
            "sql_cache_on": None,
            "uncached_ms": None,
        }
    )
    return rows


def _share(timing: dict | None, baseline: dict) -> str:
    """``timing``'s p50 as a percentage of the baseline's p50."""
    if not timing or not baseline.get("p50_ms"):
        return "–"
    return f"{100 * timing['p50_ms'] / baseline['p50_ms']:.0f}%"


def _cell(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.1f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def markdown(headers: list[str], rows: list[list]) -> str:
    """A GitHub-flavoured Markdown table."""
    lines = [
        "| " + " | ".join(headers) + " |",
        "|" + "|".join("---" for _ in headers) + "|",
    ]
    lines += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def build(results: Path) -> tuple[dict, str]:
    """Assemble bench.json and the Markdown tables."""
    raw = results / "raw"
    report: dict = {
        "machine": machine(),
        "phases_seconds": _phases(raw / "phases.tsv"),
        "sizes": {},
    }
    md: list[str] = []
    for size in SIZES:
        load = _load(raw / f"load-{size}.json")
        queries = _load(raw / f"queries-{size}.json") or {}
        if load is None:
            continue
        rows = load_table(load, queries)
        report["sizes"][size] = {
            "label": SIZE_LABEL[size],
            "seconds": round(load["seconds"], 1),
            "pages": rows,
            "queries": queries,
            "writes": _load(raw / f"writes-{size}.json"),
        }
        md.append(f"#### {SIZE_LABEL[size]} ({load['seconds']:.0f} s of load)\n")
        md.append(
            markdown(
                [
                    "Page",
                    "Req/s",
                    "p50 ms",
                    "p95 ms",
                    "p99 ms",
                    "Errors",
                    "Cache hits %",
                    "SQL (cache off)",
                    "SQL (cache on)",
                    "Uncached ms",
                ],
                [
                    [
                        r["page"],
                        r["rps"],
                        r["p50_ms"],
                        r["p95_ms"],
                        r["p99_ms"],
                        r["errors"],
                        r["page_cache_hit_pct"],
                        r["sql_cache_off"],
                        r["sql_cache_on"],
                        r["uncached_ms"],
                    ]
                    for r in rows
                ],
            )
        )
        writes = report["sizes"][size]["writes"]
        if writes:
            found = writes["found_in_database"]
            md.append(
                f"\nWrites: {writes['reported_by_workload']['submissions']} shared "
                f"views and {writes['reported_by_workload']['forum replies']} forum "
                f"replies succeeded; found afterwards: {found['submissions']} views "
                f"({found['submissions_awaiting_moderation']} awaiting moderation) "
                f"and {found['forum replies']} replies "
                f"({found['forum replies published']} published). "
                f"All present: **{'yes' if writes['all_present'] else 'NO'}**.\n"
            )
    if all(size in report["sizes"] for size in SIZES):
        small = {r["page"]: r for r in report["sizes"]["15"]["pages"]}
        large = {r["page"]: r for r in report["sizes"]["10000"]["pages"]}
        ratios = []
        for page, row in large.items():
            if page not in small or small[page]["sql_cache_off"] is None:
                continue
            before = small[page]
            ratios.append(
                {
                    "page": page,
                    "p50_ratio": round(row["p50_ms"] / before["p50_ms"], 2)
                    if before["p50_ms"]
                    else None,
                    "rps_ratio": round(row["rps"] / before["rps"], 2)
                    if before["rps"]
                    else None,
                    "sql_15": before["sql_cache_off"],
                    "sql_10000": row["sql_cache_off"],
                    "uncached_ms_15": before["uncached_ms"],
                    "uncached_ms_10000": row["uncached_ms"],
                }
            )
        report["ratios_10000_to_15"] = ratios
        md.append("#### Scaling: 10,000 case studies compared with 15\n")
        md.append(
            markdown(
                [
                    "Page",
                    "p50 ratio",
                    "Req/s ratio",
                    "SQL at 15",
                    "SQL at 10,000",
                    "Uncached ms at 15",
                    "Uncached ms at 10,000",
                ],
                [
                    [
                        r["page"],
                        r["p50_ratio"],
                        r["rps_ratio"],
                        r["sql_15"],
                        r["sql_10000"],
                        r["uncached_ms_15"],
                        r["uncached_ms_10000"],
                    ]
                    for r in ratios
                ],
            )
        )
    search = {s: _load(raw / f"search-{s}.json") for s in SEARCH_SIZES}
    search = {s: v for s, v in search.items() if v}
    rebuild = _load(raw / "rebuild.json")
    report["search"] = {"latency": search, "rebuild": rebuild}
    if search:
        rows = []
        for result in search.values():
            for engine, timing in result["faceted"].items():
                site = result["site"].get(engine)
                rows.append(
                    [
                        engine,
                        result["case_studies"],
                        result["forum_posts_indexed"],
                        timing["p50_ms"],
                        timing["p95_ms"],
                        site["p50_ms"] if site else None,
                        site["p95_ms"] if site else None,
                        timing["queries"] + (site["queries"] if site else 0),
                    ]
                )
        md.append("\n#### Search service, in process\n")
        md.append(
            markdown(
                [
                    "Engine",
                    "Case studies",
                    "Forum posts",
                    "Faceted p50 ms",
                    "Faceted p95 ms",
                    "Site-wide p50 ms",
                    "Site-wide p95 ms",
                    "Queries timed",
                ],
                rows,
            )
        )
        baseline = [
            (result["case_studies"], result["wagtail_search_page"], result["faceted"])
            for result in search.values()
            if result.get("wagtail_search_page")
        ]
        if baseline:
            md.append(
                "\nFor scale, what a typical Wagtail search page does "
                "(`Page.objects.live().search(text)` on Wagtail's database "
                "backend, a paginator of 10, each result's specific page; "
                "rendering not included), on the same content:\n"
            )
            md.append(
                markdown(
                    [
                        "Case studies",
                        "Wagtail search p50 ms",
                        "Wagtail search p95 ms",
                        "Faceted list p50 (Elasticsearch) as a share",
                        "Faceted list p50 (database) as a share",
                    ],
                    [
                        [
                            size,
                            wagtail["p50_ms"],
                            wagtail["p95_ms"],
                            _share(faceted.get("elasticsearch"), wagtail),
                            _share(faceted.get("database"), wagtail),
                        ]
                        for size, wagtail, faceted in baseline
                    ],
                )
            )
        md.append(
            "\nFaceted: no filter, one, two and three facets, with and without "
            "text, as /case-studies/ asks. Site-wide: six phrases over everything "
            "public, two of them for page 2 of forum posts only. Engines agree on "
            "every count: "
            + ("yes" if all(r.get("engines_agree") for r in search.values()) else "NO")
            + "."
        )
    if rebuild:
        md.append(
            f"\n`search_index --rebuild` (database index, then Elasticsearch): "
            f"{rebuild['items']:,} items in {rebuild['seconds']} s = "
            f"**{rebuild['items_per_second']:,.0f} items/s**."
        )
    phases = report["phases_seconds"]
    if phases:
        md.append("\n#### Where the time went\n")
        md.append(
            markdown(["Step", "Seconds"], [[k, round(v)] for k, v in phases.items()])
        )
    text = "\n".join(md) + "\n"
    return report, text


def main(results_dir: str) -> None:
    """Write bench.json and bench.md and print the tables."""
    results = Path(results_dir)
    report, text = build(results)
    (results / "bench.json").write_text(json.dumps(report, indent=2))
    (results / "bench.md").write_text(text)
    print(text)  # noqa: T201
    print(f"Wrote {results / 'bench.json'} and {results / 'bench.md'}")  # noqa: T201


if __name__ == "__main__":
    main(sys.argv[1])
