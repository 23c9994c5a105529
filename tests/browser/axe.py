"""Run axe-core (the npm package from site/frontend) inside a Playwright page."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

AXE_JS = (
    Path(__file__).resolve().parents[2]
    / "site/frontend/node_modules/axe-core/axe.min.js"
)
WCAG_22_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@dataclass
class AxeResult:
    """What axe found on one page."""

    name: str
    path: str
    passes: int
    violations: list[dict] = field(default_factory=list)

    def describe(self) -> str:
        """One line per violation: rule, impact, how many nodes and where."""
        lines = []
        for v in self.violations:
            targets = ", ".join(str(n["target"]) for n in v["nodes"][:3])
            lines.append(
                f"{v['id']} ({v['impact']}): {v['help']} — "
                f"{len(v['nodes'])} node(s): {targets}"
            )
        return "\n".join(lines)


# Every page checked in this run, in order, for the end-of-run table.
AXE_RESULTS: list[AxeResult] = []


@cache
def _axe_source() -> str:
    if not AXE_JS.exists():
        raise AssertionError(
            f"{AXE_JS} is missing: run `make assets` (npm ci installs axe-core)."
        )
    return AXE_JS.read_text()


def run_axe(page, name: str) -> AxeResult:
    """Inject axe-core into ``page``, run the WCAG 2.2 A/AA rules and record it."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=_axe_source())
    raw = page.evaluate(
        """async (tags) => await axe.run(document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        })""",
        WCAG_22_AA_TAGS,
    )
    result = AxeResult(
        name=name,
        path=page.url.split("//", 1)[-1].split("/", 1)[-1],
        passes=len(raw["passes"]),
        violations=raw["violations"],
    )
    result.path = "/" + result.path
    AXE_RESULTS.append(result)
    return result


def format_axe_table(results: list[AxeResult]) -> list[str]:
    """A short fixed-width table: page type, address, result."""
    width = max(len(r.name) for r in results)
    lines = [f"{'Page type':<{width}}  {'Result':<14}  Address"]
    for r in results:
        verdict = (
            "no violations" if not r.violations else f"{len(r.violations)} VIOLATION(S)"
        )
        lines.append(f"{r.name:<{width}}  {verdict:<14}  {r.path}")
        if r.violations:
            lines.extend("    " + line for line in r.describe().splitlines())
    failed = sum(1 for r in results if r.violations)
    lines.append(f"{len(results)} page(s) checked, {failed} with violations.")
    return lines
