"""The end-of-run browser summary: axe-core's page table and load_demo's cost.

Under pytest-xdist (make test runs two workers) the pages are checked in the
workers and the summary is printed by the controller, so each worker hands its
results over when it finishes (``workeroutput``) and the controller merges them.
The hooks that do this live in tests/conftest.py: the controller never loads
this folder's conftest.
"""

from __future__ import annotations

from dataclasses import asdict

from .axe import AXE_RESULTS, AxeResult, format_axe_table

LOAD_DEMO_SECONDS: list[float] = []


def hand_over(workeroutput: dict) -> None:
    """In a worker: put this worker's results where the controller reads them."""
    workeroutput["axe_results"] = [asdict(result) for result in AXE_RESULTS]
    workeroutput["load_demo_seconds"] = list(LOAD_DEMO_SECONDS)


def take_over(workeroutput: dict) -> None:
    """In the controller: add one finished worker's results."""
    AXE_RESULTS.extend(AxeResult(**r) for r in workeroutput.get("axe_results", []))
    LOAD_DEMO_SECONDS.extend(workeroutput.get("load_demo_seconds", []))


def write(terminalreporter) -> None:
    """Print the axe-core table and the mean load_demo time, if any ran."""
    if AXE_RESULTS:
        terminalreporter.section("axe-core accessibility checks (WCAG 2.2 A and AA)")
        for line in format_axe_table(sorted(AXE_RESULTS, key=lambda r: r.name)):
            terminalreporter.write_line(line)
    if LOAD_DEMO_SECONDS:
        mean = sum(LOAD_DEMO_SECONDS) / len(LOAD_DEMO_SECONDS)
        terminalreporter.write_line(
            f"load_demo into the live server: {len(LOAD_DEMO_SECONDS)} times, "
            f"{mean:.1f}s on average"
        )
