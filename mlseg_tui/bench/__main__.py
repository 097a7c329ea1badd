"""`python -m mlseg_tui.bench`: measure every budget of docs/performance.md and print a table.

    python -m mlseg_tui.bench                       # everything, N = 38, 1k, 10k, 100k
    python -m mlseg_tui.bench --sizes 38,1000 --only load,search
    python -m mlseg_tui.bench --markdown results.md # also write the table as markdown

Catalogs are generated (seeded, so identical every time) into --workdir and reused.
The load cache used by the app and by the warm loads lives in --workdir too, never in
the user's own cache folder.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mlseg_tui.bench import catalogs, core, terminal
from mlseg_tui.bench.stats import Summary
from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.ui.controllers.disk_watch import CHECK_SECONDS

MEASURES = ("load", "search", "save", "memory", "startup", "typing")
DEFAULT_SIZES = (38, 1000, 10_000, 100_000)
DEFAULT_WORKDIR = Path("/tmp/mlseg-bench")


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


def _verdict(ok: bool) -> str:
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


def run(args: argparse.Namespace) -> Results:
    workdir: Path = args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    os.environ["MLSEG_CACHE_DIR"] = str(workdir / "cache")
    os.environ.pop("MLSEG_NO_CACHE", None)
    results = Results()
    print("\n".join(machine()))
    print(f"preparing catalogs in {workdir / 'catalogs'} ...", flush=True)
    roots = {
        (size, layout): catalogs.catalog_path(workdir, size, layout)
        for size in args.sizes
        for layout in args.layouts
    }
    catalogs.wait_until_settled(list(roots.values()))
    print("  ".join(HEADERS))
    only = set(args.only)
    if "load" in only:
        measure_load(results, roots, args.runs)
    if "search" in only:
        measure_search(results, roots, args.sizes)
    if "save" in only:
        measure_save(results, roots, workdir, args.runs, args.save_max)
    if "memory" in only:
        measure_load_memory(results, roots)
    if only & {"startup", "typing"}:
        measure_terminal(results, roots, args)
    return results


def _runs_for(size: int, runs: int) -> int:
    return max(1, runs // 2) if size >= 100_000 else runs


def measure_load(results: Results, roots: dict[tuple[int, str], Path], runs: int) -> None:
    for (size, layout), root in roots.items():
        times = core.load_times(root, _runs_for(size, runs))
        results.add(Row("load cold (parse+validate)", size, layout, Summary.of(times.cold)))
        results.add(Row("load warm (cache)", size, layout, Summary.of(times.warm)))


SEARCH_BUDGET_MS = {10_000: 2.0, 100_000: 20.0}


def measure_search(
    results: Results, roots: dict[tuple[int, str], Path], sizes: Sequence[int]
) -> None:
    for size in sizes:
        root = roots.get((size, "single-file")) or roots[(size, "per-file")]
        catalog = load_catalog(root).catalog
        assert catalog is not None
        times = core.search_times(catalog.tools)
        results.add(Row("search index build", size, "-", Summary.of([times.build])))
        budget = SEARCH_BUDGET_MS.get(size)
        summary = Summary.of(times.all)
        results.add(
            Row(
                "search core per keystroke (1-8 chars)",
                size,
                "-",
                summary,
                budget=f"<= {budget:g} ms" if budget else "",
                verdict=_verdict(summary.median <= budget) if budget else "",
            )
        )
        for length in (1, 2, 4, 8):
            samples = times.by_length.get(length, [])
            results.add(Row(f"  search core, {length}-char query", size, "-", Summary.of(samples)))


SAVE_BUDGET_MS = {10_000: 20.0}


def measure_save(
    results: Results,
    roots: dict[tuple[int, str], Path],
    workdir: Path,
    runs: int,
    save_max: int,
) -> None:
    for (size, layout), root in roots.items():
        if size > save_max:
            continue
        scratch = catalogs.scratch_copy(root, workdir, f"save-{size}-{layout}")
        samples = core.save_times(scratch, max(runs, 10))
        budget = SAVE_BUDGET_MS.get(size)
        summary = Summary.of(samples)
        results.add(
            Row(
                "move + save one tool",
                size,
                layout,
                summary,
                budget=f"<= {budget:g} ms" if budget else "",
                verdict=_verdict(summary.median <= budget) if budget else "",
            )
        )


def measure_load_memory(results: Results, roots: dict[tuple[int, str], Path]) -> None:
    for (size, layout), root in roots.items():
        for mode in ("cold", "warm"):
            peak = core.load_peak_mb(root, mode)
            results.add(
                Row(f"peak RSS of a {mode} load alone", size, layout, Summary.of([peak]), "MB")
            )


# ------------------------------------------------------------------------- terminal


@dataclass
class Case:
    """One catalog measured in the terminal, and what measuring it needs."""

    tmux: terminal.Tmux
    empty: terminal.Target
    app: terminal.Target
    env: dict[str, str]
    root: Path
    size: int
    layout: str
    timeout: float
    settle: float  # seconds to let the app build its search index before measuring


STARTUP_RATIO = {catalogs.BUNDLED_SIZE: 1.25, 10_000: 1.6}
STARTUP_LIMIT_MS = {100_000: 1500.0}
TYPING_RATIO = {10_000: 3.0, 100_000: 6.0}
MEMORY_LIMIT_MB = {100_000: 300.0}


def measure_terminal(
    results: Results, roots: dict[tuple[int, str], Path], args: argparse.Namespace
) -> None:
    import shutil

    if shutil.which("tmux") is None:
        print("tmux not found: terminal measures skipped", flush=True)
        return
    env = {
        "TERM": terminal.TERM,
        "MLSEG_CACHE_DIR": os.environ["MLSEG_CACHE_DIR"],
        # Both apps start from compiled bytecode, as an installed copy does (the first,
        # discarded round compiles it), even where PYTHONDONTWRITEBYTECODE is set.
        "PYTHONPYCACHEPREFIX": str(args.workdir / "pycache"),
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/"),
        # So that a checkout measured with PYTHONPATH=. runs its own code in the terminal.
        "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
    }
    only = set(args.only)
    with terminal.tmux_server() as tmux:
        empty = terminal.empty_target()
        for (size, layout), root in roots.items():
            result = load_catalog(root)  # also makes sure the app will find a warm cache
            assert result.catalog is not None
            app = terminal.app_target(root, result.catalog)
            timeout = 30 + size / 2000
            settle = args.settle if args.settle is not None else 1 + size / 25_000
            case = Case(tmux, empty, app, env, root, size, layout, timeout, settle)
            if "startup" in only:
                _startup(results, case, args.runs)
            if "typing" in only and (layout == "single-file" or (size, "single-file") not in roots):
                _typing(results, case, args.words)


def _startup(results: Results, case: Case, runs: int) -> None:
    tmux, empty, app, env = case.tmux, case.empty, case.app, case.env
    size, layout, timeout = case.size, case.layout, case.timeout
    wall: dict[str, list[float]] = {"empty": [], "app": [], "loaded": []}
    cpu: dict[str, list[float]] = {"empty": [], "app": [], "loaded": []}
    targets = {"empty": empty, "app": app, "loaded": terminal.empty_target(after_load=case.root)}
    peak: list[float] = []
    peak_checked: list[float] = []
    for run_number in range(_runs_for(size, runs) + 1):
        # Alternate the apps so drift in the machine's load hits all alike; the first
        # round only warms the disk cache and the interpreter's files.
        for label, target in targets.items():
            started = terminal.start(tmux, target, env, timeout)
            name = started.session.name
            if run_number > 0:
                wall[label].append(started.wall_ms)
                cpu[label].append(started.cpu_ms)
            if label == "app" and run_number == 1:
                time.sleep(case.settle)  # the search index is built after the first frame
                peak.append(terminal.peak_rss_mb(tmux.pid(name)))
                # The disk watch's first check comes CHECK_SECONDS after the full catalog.
                time.sleep(CHECK_SECONDS + 2 + size / 50_000)
                peak_checked.append(terminal.peak_rss_mb(tmux.pid(name)))
            tmux.stop(name)
    empty_s, app_s = Summary.of(wall["empty"]), Summary.of(wall["app"])
    ratio = app_s.median / empty_s.median
    cpu_ratio = Summary.of(cpu["app"]).median / Summary.of(cpu["empty"]).median
    results.add(Row("start-up: empty Textual app", size, layout, empty_s))
    budget, verdict = "", ""
    if size in STARTUP_RATIO:
        budget = f"<= {STARTUP_RATIO[size]:g}x empty"
        verdict = _verdict(ratio <= STARTUP_RATIO[size])
    elif size in STARTUP_LIMIT_MS:
        budget = f"<= {STARTUP_LIMIT_MS[size]:g} ms"
        verdict = _verdict(app_s.median <= STARTUP_LIMIT_MS[size])
    results.add(
        Row(
            "start-up: mlseg-tui first full frame",
            size,
            layout,
            app_s,
            budget=budget,
            verdict=verdict,
        )
    )
    results.add(Row("start-up ratio app / empty", size, layout, Summary.of([ratio]), "x"))
    results.add(
        Row(
            "start-up: empty app after CLI imports + load", size, layout, Summary.of(wall["loaded"])
        )
    )
    results.add(Row("start-up CPU: empty app", size, layout, Summary.of(cpu["empty"])))
    results.add(Row("start-up CPU: mlseg-tui", size, layout, Summary.of(cpu["app"])))
    results.add(Row("start-up CPU ratio app / empty", size, layout, Summary.of([cpu_ratio]), "x"))
    peaks = {
        "app peak RSS (VmHWM) after start + index": peak,
        "app peak RSS (VmHWM) after its first disk check": peak_checked,
        "app peak RSS (VmHWM), first start (empty load cache)": [_cold_start_peak_mb(case)],
    }
    limit = MEMORY_LIMIT_MB.get(size)
    for measure, samples in peaks.items():
        summary = Summary.of(samples)
        results.add(
            Row(
                measure,
                size,
                layout,
                summary,
                "MB",
                budget=f"<= {limit:g} MB" if limit else "",
                verdict=_verdict(summary.median <= limit) if limit else "",
            )
        )


def _cold_start_peak_mb(case: Case) -> float:
    """The app's peak started with an empty load cache (a first run, or the first after an
    upgrade: its load parses every file and writes the cache), once the whole catalog, the
    search index and the first disk check are done."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="mlseg-cold-cache-") as cold:
        env = {**case.env, "MLSEG_CACHE_DIR": cold}
        name = terminal.start(case.tmux, case.app, env, case.timeout).session.name
        case.tmux.wait_for(name, lambda screen: "loading:" not in screen, case.timeout)
        time.sleep(case.settle + CHECK_SECONDS + 2 + case.size / 50_000)
        peak = terminal.peak_rss_mb(case.tmux.pid(name))
        case.tmux.stop(name)
    return peak


def _typing(results: Results, case: Case, words: int) -> None:
    tmux, empty, app, env = case.tmux, case.empty, case.app, case.env
    size, layout, timeout = case.size, case.layout, case.timeout
    chosen = core.QUERY_WORDS[:words]
    measured = {"empty": terminal.Typing(), "app": terminal.Typing()}
    answers: dict[str, dict[str, list[float]]] = {"empty": {}, "app": {}}
    cpu_per_key: dict[str, list[float]] = {"empty": [], "app": []}
    sessions: dict[str, terminal.Session] = {}
    for label, target in (("empty", empty), ("app", app)):
        session = sessions[label] = terminal.start(tmux, target, env, timeout).session
        for key in target.open_search:
            tmux.send(session.name, key, literal=True)
    # Let the app settle (index built), then warm each search path with one key.
    time.sleep(case.settle)
    for session in sessions.values():
        session.keystroke("z", session.target.shows("z"), timeout)
        session.keystroke("BSpace", session.target.shows(""), timeout)
    # Word by word, one app then the other: a change in the machine's load hits both.
    for word in chosen:
        for label, session in sessions.items():
            pid = tmux.pid(session.name)
            before = terminal.cpu_ms(pid)
            typed = terminal.typing(session, [word], timeout)
            keys = len(typed.typed) + len(typed.erased) + len(typed.burst)
            cpu_per_key[label].append((terminal.cpu_ms(pid) - before) / max(1, keys))
            measured[label].merge(typed)
    for label, session in sessions.items():
        answers[label] = terminal.responsiveness(session, chosen[:3], timeout)
    peak = terminal.peak_rss_mb(tmux.pid(sessions["app"].name))
    for session in sessions.values():
        tmux.stop(session.name)
    echo, ours = measured["empty"], measured["app"]
    echo_s, typed_s = Summary.of(echo.typed), Summary.of(ours.typed)
    ratio = typed_s.median / echo_s.median
    limit = TYPING_RATIO.get(size)
    results.add(Row("key: empty app Input echo", size, layout, echo_s))
    results.add(Row("key: empty app echo, 60 ms burst", size, layout, Summary.of(echo.burst)))
    results.add(
        Row(
            "key to rendered panes (typing)",
            size,
            layout,
            typed_s,
            budget=f"<= {limit:g}x echo" if limit else "",
            verdict=_verdict(ratio <= limit) if limit else "",
        )
    )
    results.add(Row("key ratio app / echo", size, layout, Summary.of([ratio]), "x"))
    results.add(Row("CPU per key: empty app", size, layout, Summary.of(cpu_per_key["empty"])))
    results.add(Row("CPU per key: mlseg-tui", size, layout, Summary.of(cpu_per_key["app"])))
    results.add(Row("key to rendered panes (erasing)", size, layout, Summary.of(ours.erased)))
    burst_s = Summary.of(ours.burst)
    results.add(
        Row(
            "key to rendered panes, 60 ms burst",
            size,
            layout,
            burst_s,
            budget="<= 1.5x typing",
            verdict=_verdict(burst_s.median <= 1.5 * typed_s.median),
        )
    )
    results.add(
        Row("other key (ctrl+p) while idle", size, layout, Summary.of(answers["app"]["idle"]))
    )
    results.add(
        Row(
            "other key (ctrl+p) during a search",
            size,
            layout,
            Summary.of(answers["app"]["during search"]),
        )
    )
    results.add(Row("app peak RSS (VmHWM) after typing", size, layout, Summary.of([peak]), "MB"))
    if ours.ambiguous or ours.timeouts or echo.timeouts:
        print(
            f"  note: {ours.ambiguous} app keys left out (screen same as before), "
            f"{ours.timeouts} app and {echo.timeouts} echo keys timed out",
            flush=True,
        )


# ------------------------------------------------------------------------------ cli


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m mlseg_tui.bench", description=(__doc__ or "").splitlines()[0]
    )
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), type=_ints)
    parser.add_argument("--layouts", default=",".join(catalogs.LAYOUTS), type=_layouts)
    parser.add_argument("--only", default=",".join(MEASURES), type=_measures)
    parser.add_argument("--runs", type=int, default=5, help="runs a measure (halved at 100k)")
    parser.add_argument("--words", type=int, default=5, help="words typed in the terminal")
    parser.add_argument(
        "--settle", type=float, help="seconds for the app to build its index (default 1 + N/25k)"
    )
    parser.add_argument("--save-max", type=int, default=10_000, help="largest N for saves")
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR)
    parser.add_argument("--markdown", type=Path, help="also write the table here")
    return parser.parse_args(argv)


def _ints(text: str) -> list[int]:
    return [int(part.replace("_", "").replace("k", "000")) for part in text.split(",") if part]


def _layouts(text: str) -> list[str]:
    chosen = [part for part in text.split(",") if part]
    for layout in chosen:
        if layout not in catalogs.LAYOUTS:
            raise argparse.ArgumentTypeError(f"unknown layout {layout!r}")
    return chosen


def _measures(text: str) -> list[str]:
    chosen = [part for part in text.split(",") if part]
    for measure in chosen:
        if measure not in MEASURES:
            raise argparse.ArgumentTypeError(f"unknown measure {measure!r}: {', '.join(MEASURES)}")
    return chosen


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    results = run(args)
    print()
    print("\n".join(machine()))
    print(results.table())
    failed = [row for row in results.rows if row.verdict == "FAIL"]
    print(f"\n{len(failed)} budget(s) missed" if failed else "\nevery budget measured was met")
    if args.markdown:
        facts = "\n".join(f"- {line}" for line in machine())
        args.markdown.write_text(facts + "\n\n" + results.markdown() + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
