"""CPU and peak memory of one warm `load_catalog` in a fresh process, and of the walk alone.

    PYTHONPATH=. python3 benchmarks/bench_warm_load.py CATALOG CACHE_DIR [--walks 3]

Loads CATALOG once to fill the load cache in CACHE_DIR (its own folder, never the user's),
then in a fresh process loads it again and prints the load's CPU time and wall time (ms)
and the process's peak RSS (VmHWM, MB, Linux); then the CPU time of `walk_tool_files` over
the catalog, the median of --walks walks. For an A/B, run it against each tree in turn,
with a cache folder per tree, several times interleaved: the machine's other work moves
wall time far more than CPU time.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path


def _peak_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _one_load(root: Path) -> None:
    from mlseg_tui.catalog.load import load_catalog

    started_cpu, started = time.process_time(), time.perf_counter()
    result = load_catalog(root)
    cpu = (time.process_time() - started_cpu) * 1000
    wall = (time.perf_counter() - started) * 1000
    tools = len(result.catalog.tools) if result.catalog else 0
    print(f"warm load: {cpu:.0f} ms CPU, {wall:.0f} ms wall, peak RSS {_peak_mb():.1f} MB, "
          f"{tools:,} tools")  # fmt: skip


def _walks(root: Path, walks: int) -> None:
    from mlseg_tui.catalog.walk import walk_tool_files

    times = []
    for _ in range(walks):
        started = time.process_time()
        files = sum(1 for _ in walk_tool_files(root, "", {}))
        times.append((time.process_time() - started) * 1000)
    print(f"walk: {statistics.median(times):.0f} ms CPU (median of {walks}), {files:,} items")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("catalog", type=Path)
    parser.add_argument("cache_dir", type=Path)
    parser.add_argument("--walks", type=int, default=3)
    parser.add_argument("--child", choices=["load", "walk"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ["MLSEG_CACHE_DIR"] = str(args.cache_dir)
    if args.child == "load":
        _one_load(args.catalog)
        return
    if args.child == "walk":
        _walks(args.catalog, args.walks)
        return
    argv = [sys.executable, __file__, str(args.catalog), str(args.cache_dir)]
    subprocess.run([*argv, "--child", "load"], check=True, stdout=subprocess.DEVNULL)
    for child in ("load", "walk"):
        subprocess.run([*argv, "--walks", str(args.walks), "--child", child], check=True)


if __name__ == "__main__":
    main()
