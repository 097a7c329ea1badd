"""The benchmark's results table and the facts about the machine that make it comparable."""

from __future__ import annotations

import os
import platform
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from mlseg_tui.bench.stats import Summary


@dataclass
class Row:
    """One line of the results table."""

    measure: str
    size: int
    layout: str
    summary: Summary
    unit: str = "ms"
    budget: str = ""
    verdict: str = ""  # "pass", "FAIL", or "" when the row has no budget of its own

    def cells(self) -> list[str]:
        s = self.summary
        return [
            self.measure,
            f"{self.size:,}",
            self.layout,
            _number(s.median),
            _number(s.low),
            _number(s.high),
            str(s.count),
            self.unit,
            self.budget,
            self.verdict,
        ]


HEADERS = ["measure", "N", "layout", "median", "min", "max", "runs", "unit", "budget", "result"]


def _number(value: float) -> str:
    if value != value:  # NaN: not measured
        return "-"
    return f"{value:.2f}" if value < 10 else f"{value:.1f}" if value < 1000 else f"{value:.0f}"


def pass_or_fail(ok: bool) -> str:
    return "pass" if ok else "FAIL"


class Results:
    def __init__(self) -> None:
        self.rows: list[Row] = []

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        print("  " + " | ".join(row.cells()), flush=True)
        return row

    def table(self) -> str:
        widths = [
            max(len(h), *(len(r.cells()[i]) for r in self.rows)) for i, h in enumerate(HEADERS)
        ]
        lines = ["  ".join(h.ljust(w) for h, w in zip(HEADERS, widths, strict=True))]
        for row in self.rows:
            lines.append(
                "  ".join(c.ljust(w) for c, w in zip(row.cells(), widths, strict=True)).rstrip()
            )
        return "\n".join(lines)

    def markdown(self) -> str:
        lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
        lines += ["| " + " | ".join(row.cells()) + " |" for row in self.rows]
        return "\n".join(lines)


def machine() -> list[str]:
    """The facts that make numbers comparable: cores, CPU, Python, Textual and friends."""
    from importlib.metadata import PackageNotFoundError, version

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return [
        f"cores: {os.cpu_count()} ({cpu}), {platform.system()} {platform.release()}",
        f"Python {platform.python_version()} ({sys.executable})",
        f"textual {installed('textual')}, tomli {installed('tomli')}, "
        f"rapidfuzz {installed('rapidfuzz')}, numpy {installed('numpy')}",
        f"date: {time.strftime('%Y-%m-%d %H:%M %Z')}, load average {_load_average()}",
        f"code: {_revision()}",
    ]


def _revision() -> str:
    """The git commit measured, and whether the package had uncommitted changes."""
    import subprocess

    package = Path(__file__).resolve().parent.parent
    try:
        head = subprocess.run(
            ["git", "-C", str(package), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "-C", str(package), "status", "--porcelain", "--", "."],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.splitlines()
    except (OSError, subprocess.SubprocessError):
        return "not a git checkout"
    return f"{head}" + (f" + {len(changed)} uncommitted file(s) in mlseg_tui/" if changed else "")


def _load_average() -> str:
    """The 1, 5 and 15 minute load averages: above the core count, numbers are noisy."""
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


# ------------------------------------------------------------------------------ run
