"""The benchmark's measures of the app in a real terminal: start-up, typing, bursts, memory."""

from __future__ import annotations

import argparse
import os
import time
from dataclasses import dataclass
from pathlib import Path

from mlseg_tui.bench import bursts, catalogs, core, terminal
from mlseg_tui.bench.measures import runs_for
from mlseg_tui.bench.results import Results, Row, pass_or_fail
from mlseg_tui.bench.stats import Summary
from mlseg_tui.bench.tmux import TERM, Tmux, cpu_ms, peak_rss_mb, tmux_server
from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.ui.controllers.disk_watch import CHECK_SECONDS


@dataclass
class Case:
    """One catalog measured in the terminal, and what measuring it needs."""

    tmux: Tmux
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
        "TERM": TERM,
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
    with tmux_server() as tmux:
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
            one_layout = layout == "single-file" or (size, "single-file") not in roots
            if "typing" in only and one_layout:
                _typing(results, case, args.words)
            if "bursts" in only and one_layout:
                _bursts(results, case, args.bursts)


def _startup(results: Results, case: Case, runs: int) -> None:
    tmux, empty, app, env = case.tmux, case.empty, case.app, case.env
    size, layout, timeout = case.size, case.layout, case.timeout
    wall: dict[str, list[float]] = {"empty": [], "app": [], "loaded": []}
    cpu: dict[str, list[float]] = {"empty": [], "app": [], "loaded": []}
    targets = {"empty": empty, "app": app, "loaded": terminal.empty_target(after_load=case.root)}
    peak: list[float] = []
    peak_checked: list[float] = []
    for run_number in range(runs_for(size, runs) + 1):
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
                peak.append(peak_rss_mb(tmux.pid(name)))
                # The disk watch's first check comes CHECK_SECONDS after the full catalog.
                time.sleep(CHECK_SECONDS + 2 + size / 50_000)
                peak_checked.append(peak_rss_mb(tmux.pid(name)))
            tmux.stop(name)
    empty_s, app_s = Summary.of(wall["empty"]), Summary.of(wall["app"])
    ratio = app_s.median / empty_s.median
    cpu_ratio = Summary.of(cpu["app"]).median / Summary.of(cpu["empty"]).median
    results.add(Row("start-up: empty Textual app", size, layout, empty_s))
    budget, verdict = "", ""
    if size in STARTUP_RATIO:
        budget = f"<= {STARTUP_RATIO[size]:g}x empty"
        verdict = pass_or_fail(ratio <= STARTUP_RATIO[size])
    elif size in STARTUP_LIMIT_MS:
        budget = f"<= {STARTUP_LIMIT_MS[size]:g} ms"
        verdict = pass_or_fail(app_s.median <= STARTUP_LIMIT_MS[size])
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
                verdict=pass_or_fail(summary.median <= limit) if limit else "",
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
        peak = peak_rss_mb(case.tmux.pid(name))
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
            before = cpu_ms(pid)
            typed = terminal.typing(session, [word], timeout)
            keys = len(typed.typed) + len(typed.erased) + len(typed.burst)
            cpu_per_key[label].append((cpu_ms(pid) - before) / max(1, keys))
            measured[label].merge(typed)
    for label, session in sessions.items():
        answers[label] = terminal.responsiveness(session, chosen[:3], timeout)
    peak = peak_rss_mb(tmux.pid(sessions["app"].name))
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
            verdict=pass_or_fail(ratio <= limit) if limit else "",
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
            verdict=pass_or_fail(burst_s.median <= 1.5 * typed_s.median),
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


def _bursts(results: Results, case: Case, tries: int) -> None:
    """The wrong endings of `tries` bursts (bursts.py) in the app, and in the empty app's
    plain Input for comparison (Textual's own behaviour: no budget of ours)."""
    targets = (("empty app Input", case.empty, False), ("mlseg-tui search", case.app, True))
    for label, target, judged in targets:
        session = terminal.start(case.tmux, target, case.env, case.timeout).session
        for key in target.open_search:
            case.tmux.send(session.name, key, literal=True)
        time.sleep(case.settle)
        count = bursts.bursts(session, tries, case.timeout)
        case.tmux.stop(session.name)
        wrong = len(count.wrong)
        results.add(
            Row(
                f"burst ⌫⌫⌫{bursts.SECOND} after {bursts.FIRST}: wrong endings, {label}",
                case.size,
                case.layout,
                Summary.of([wrong]),
                f"of {count.tries}",
                budget="0" if judged else "",
                verdict=pass_or_fail(wrong == 0) if judged else "",
            )
        )
        if count.wrong:
            print(f"  {label} ended as: {', '.join(map(repr, count.wrong))}", flush=True)
    _move_bursts(results, case, tries)


def _move_bursts(results: Results, case: Case, tries: int) -> None:
    """The wrong endings of `tries` move bursts (bursts.move_bursts)."""
    session = terminal.start(case.tmux, case.app, case.env, case.timeout).session
    time.sleep(case.settle)
    count = bursts.move_bursts(session, tries, case.timeout)
    case.tmux.stop(session.name)
    wrong, label = len(count.wrong), f"burst {bursts.MOVE_LABEL}: wrong reasons, mlseg-tui"
    verdict = pass_or_fail(wrong == 0)
    results.add(
        Row(label, case.size, case.layout, Summary.of([wrong]), f"of {count.tries}", "0", verdict)
    )
    if count.wrong:
        print(f"  move bursts ended as: {', '.join(map(repr, count.wrong))}", flush=True)


# ------------------------------------------------------------------------------ cli
