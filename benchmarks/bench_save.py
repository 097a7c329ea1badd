"""Time a move plus save of one tool in 1k- and 10k-tool catalogs, in both layouts.

    /tmp/probe/bin/python benchmarks/bench_save.py [--runs 20] [--sizes 1000,10000]

Layouts: "files" (one file per tool, as the bundled catalog) and "single" (every tool
in one file). Each run moves one tool to another segment with a reason and saves, so
each save rewrites a reasoning value and appends a history table, fsync included. The
baseline is a plain `open(path, "wb").write(data)` of the bytes that save wrote, timed
in the same run, and the same with an fsync.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.store.catalog_store import CatalogStore

SEGMENT_IDS = ("hand-holding", "narrow", "middle", "other")
SEGMENTS = "".join(
    f'[[segments]]\nid = "{sid}"\ntitle = "{sid.title()}"\ndefinition = "Why {sid}."\n\n'
    for sid in SEGMENT_IDS
)


def tool_toml(number: int) -> str:
    segment = SEGMENT_IDS[number % 4]
    return f"""# Catalog entry for Tool {number:05d}.

[[tools]]
name = "Tool {number:05d}"
segment = "{segment}"  # placed by the benchmark
reasoning = \"\"\"\\
Tool {number:05d} does one job well and bends to whatever stack the user already \\
has, so the essay's argument puts it in {segment}.\"\"\"
aliases = ["T{number:05d}", 'tool-{number}']
tentative = false
kind = "open-source project"
description = "A library for training, serving and monitoring models."
homepage = "https://tool{number}.example.com/"
open_source = true
license = "Apache-2.0"
tags = ["training", "serving"]

[tools.essay]
listed_as = ["Tool {number:05d}"]
segments = ["{segment}"]

"""


def write_catalog(root: Path, count: int, layout: str) -> None:
    (root / "tools").mkdir(parents=True)
    (root / "segments.toml").write_text(SEGMENTS, encoding="utf-8")
    if layout == "files":
        for number in range(count):
            path = root / "tools" / f"tool-{number:05d}.toml"
            path.write_text(tool_toml(number), encoding="utf-8")
    else:
        text = "".join(tool_toml(number) for number in range(count))
        (root / "tools" / "all.toml").write_text(text, encoding="utf-8")


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return (time.perf_counter() - start) * 1000


def plain_write(path: Path, data: bytes, sync: bool) -> None:
    with open(path, "wb") as file:
        file.write(data)
        if sync:
            file.flush()
            os.fsync(file.fileno())


def stats(samples: list[float]) -> str:
    return (
        f"median {statistics.median(samples):7.2f}  min {min(samples):7.2f}  "
        f"max {max(samples):7.2f} ms"
    )


def bench(count: int, layout: str, runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-save-") as folder:
        root = Path(folder) / "catalog"
        write_catalog(root, count, layout)
        start = time.perf_counter()
        result = load_catalog(root)
        load_ms = (time.perf_counter() - start) * 1000
        catalog = result.catalog
        assert result.ok and catalog is not None and len(catalog.tools) == count
        store = CatalogStore(result)
        session = EditSession(catalog)
        saves, writes, synced = [], [], []
        for run in range(runs):
            # A different tool each run, spread over the whole file or folder.
            tool = catalog.tools[(run * 7919) % count]
            target = SEGMENT_IDS[(SEGMENT_IDS.index(tool.segment) + 1) % 4]

            def move_and_save(tool=tool, target=target, run=run) -> None:
                session.move(tool, target, f"Benchmark run {run} moved it.")
                report = store.save(session)
                assert report.written and not report.failures, report.summary()

            saves.append(timed(move_and_save))
            path = tool.source.path
            data = path.read_bytes()
            writes.append(timed(lambda path=path, data=data: plain_write(path, data, False)))
            synced.append(timed(lambda path=path, data=data: plain_write(path, data, True)))
        size = sum(p.stat().st_size for p in store.snapshot())
        print(
            f"{count:>6} tools, {layout:6} ({store.file_count()} files, "
            f"{size / 1e6:.1f} MB, loaded in {load_ms:.0f} ms)"
        )
        print(f"    move+save          {stats(saves)}   (first run {saves[0]:.2f} ms)")
        print(f"    baseline write     {stats(writes)}")
        print(f"    baseline + fsync   {stats(synced)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--sizes", default="1000,10000")
    args = parser.parse_args()
    for count in (int(size) for size in args.sizes.split(",")):
        for layout in ("files", "single"):
            bench(count, layout, args.runs)


if __name__ == "__main__":
    main()
