"""Time search-as-you-type: SearchIndex.search plus SearchResult.by_segment per keystroke.

    python benchmarks/bench_search.py [--sizes 38,1000,10000,100000] [--runs 3]

Catalogs: the bundled 38-tool catalog, and synthetic ones from mlseg_tui.bench.synth. Each run
builds a fresh index (timed) and types each query one key at a time, as a user would; a
keystroke's time is search(prefix) plus by_segment() for the catalog's panes, so it covers
incremental narrowing from the previous keystroke. For each query length 1..8 the table
gives the median, min and max wall-clock time over all queries and runs, the median CPU
time of the thread (less disturbed by other processes on the machine), and the median of
a baseline timed in the same run: a plain Python substring scan over every casefolded key.
A second table types every single letter a-z into a built index: the broadest results.
"""

from __future__ import annotations

import argparse
import os
import statistics
import string
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mlseg_tui.bench.synth import synth_tools  # noqa: E402
from mlseg_tui.catalog.load import load_catalog  # noqa: E402
from mlseg_tui.domain.model import Catalog, Tool  # noqa: E402
from mlseg_tui.domain.placement import Placement  # noqa: E402
from mlseg_tui.search.index import SearchIndex  # noqa: E402

FIXED_QUERIES = ("sagemkr", "kubernetes", "flowpipe", "tensrflw")
MAX_LENGTH = 8


def catalog(size: int) -> Catalog:
    """The bundled catalog (38), or synthetic tools in the bundled catalog's segments."""
    loaded = load_catalog(ROOT / "catalog").catalog
    assert loaded is not None, "the bundled catalog did not load"
    if size == 38:
        return loaded
    return Catalog(loaded.root, loaded.segments, synth_tools(size, seed=0))


def typo_query(tools: Sequence[Tool]) -> str:
    """A real name from the catalog, lowercased, with two letters swapped."""
    long_names = [tool.name for tool in tools if len(tool.name) >= 9 and " " not in tool.name]
    name = (long_names or [tools[0].name])[len(long_names) // 3].lower()
    return name[:2] + name[3] + name[2] + name[4:]


def baseline_scan(tools: Sequence[Tool]) -> Callable[[str], list[int]]:
    pairs = [(i, key.casefold()) for i, tool in enumerate(tools) for key in tool.keys]

    def scan(query: str) -> list[int]:
        wanted = query.casefold()
        return [i for i, key in pairs if wanted in key]

    return scan


def ms(seconds: float) -> float:
    return seconds * 1000


def bench_size(size: int, runs: int) -> tuple[list[str], list[str]]:
    tools_catalog = catalog(size)
    tools = tools_catalog.tools
    placement = Placement(tools_catalog)
    queries = (*FIXED_QUERIES, typo_query(tools))
    scan = baseline_scan(tools)
    ours: dict[int, list[float]] = {length: [] for length in range(1, MAX_LENGTH + 1)}
    cpu: dict[int, list[float]] = {length: [] for length in range(1, MAX_LENGTH + 1)}
    base: dict[int, list[float]] = {length: [] for length in range(1, MAX_LENGTH + 1)}
    builds = []
    counts: dict[int, list[int]] = {length: [] for length in range(1, MAX_LENGTH + 1)}
    index = None
    for _ in range(runs):
        index = None
        start = time.perf_counter()
        index = SearchIndex(tools)
        builds.append(ms(time.perf_counter() - start))
        for query in queries:
            for length in range(1, min(len(query), MAX_LENGTH) + 1):
                prefix = query[:length]
                start, start_cpu = time.perf_counter(), time.thread_time()
                result = index.search(prefix)
                result.by_segment(placement)
                ours[length].append(ms(time.perf_counter() - start))
                cpu[length].append(ms(time.thread_time() - start_cpu))
                counts[length].append(len(result.matches))
                start = time.perf_counter()
                scan(prefix)
                base[length].append(ms(time.perf_counter() - start))
    assert index is not None
    label = f"{size:,}" + (" (bundled)" if size == 38 else "")
    rows = []
    for length in range(1, MAX_LENGTH + 1):
        times = ours[length]
        median = statistics.median(times)
        baseline = statistics.median(base[length])
        rows.append(
            f"| {label} | {length} | {median:.2f} | {min(times):.2f} | {max(times):.2f} "
            f"| {statistics.median(cpu[length]):.2f} "
            f"| {statistics.median(counts[length]):,.0f} | {baseline:.2f} "
            f"| {median / baseline:.2f} | {statistics.median(builds):.0f} |"
        )
    letters = []
    for letter in string.ascii_lowercase:
        start = time.perf_counter()
        index.search(letter).by_segment(placement)
        letters.append(ms(time.perf_counter() - start))
    letter_row = (
        f"| {label} | {statistics.median(letters):.2f} | {max(letters):.2f} "
        f"| {string.ascii_lowercase[letters.index(max(letters))]} |"
    )
    print(f"  {label}: queries {', '.join(map(repr, queries))}", file=sys.stderr)
    return rows, [letter_row]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="38,1000,10000,100000")
    parser.add_argument("--runs", type=int, default=3, help="fresh index builds per size")
    args = parser.parse_args()
    start = time.perf_counter()
    import numpy  # noqa: F401  (imported once here so that no build below pays for it)

    numpy_ms = ms(time.perf_counter() - start)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load {load:.2f}")
    print(f"numpy import (once per process, not in any build): {numpy_ms:.0f} ms\n")
    table = [
        "| tools | query length | median ms | min ms | max ms | CPU median ms "
        "| matches (median) | baseline median ms | ratio | build ms |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    letters = [
        "| tools | median ms | max ms | slowest letter |",
        "|---:|---:|---:|:---:|",
    ]
    for size in (int(part) for part in args.sizes.split(",")):
        rows, letter_rows = bench_size(size, args.runs)
        table += rows
        letters += letter_rows
    print("Per keystroke: search(prefix) + by_segment(), typing each query one key at a time")
    print("\n".join(table))
    print("\nEvery single letter a-z typed into a built index (search + by_segment)")
    print("\n".join(letters))


if __name__ == "__main__":
    main()
