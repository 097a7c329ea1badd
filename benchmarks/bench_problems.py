"""Time `load_catalog` on catalogs full of problems against the same catalogs without them.

    PYTHONPATH=. python3 benchmarks/bench_problems.py [--runs 5] [--scale 1.0]

Each row loads a catalog with problems and its clean baseline, both in the same run and
without the load cache, and prints the median of the runs and their ratio:

- one file of 12,000 tools, each with an unknown field, against the same file without them;
- 20,000 one-tool files, each with an unknown field, against the clean files;
- a 1,000-tool file copied beside itself (1,000 name clashes) against one copy, and
  against two files of 1,000 different tools: the same bytes to parse, with no clash.

Finding the line of every problem must not cost more than the load itself: the budget is a
ratio of at most 2 (`--budget`); the exit status is 1 when a row is over it. The row
against one copy is shown but not held to it: two copies are twice the tools to parse,
so that ratio is 2 before a single clash is reported.
`--scale` shrinks or grows every catalog (0.1 for a quick look).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from mlseg_tui.bench.synth import segments_toml, synth_tools, tool_toml
from mlseg_tui.catalog.load import load_catalog

UNKNOWN_FIELD = 'colour = "red"\n'


def tool_texts(count: int, unknown_field: bool) -> list[str]:
    """The TOML of `count` synthetic tools, each with an unknown field if asked."""
    texts = [tool_toml(tool) for tool in synth_tools(count)]
    if unknown_field:
        texts = [text.replace("[[tools]]\n", "[[tools]]\n" + UNKNOWN_FIELD, 1) for text in texts]
    return texts


def catalog_folder(root: Path, files: dict[str, str]) -> Path:
    (root / "tools").mkdir(parents=True)
    (root / "segments.toml").write_text(segments_toml(), encoding="utf-8")
    for name, text in files.items():
        (root / "tools" / name).write_text(text, encoding="utf-8")
    return root


def one_file(root: Path, count: int, unknown_field: bool) -> Path:
    return catalog_folder(root, {"all.toml": "\n".join(tool_texts(count, unknown_field))})


def many_files(root: Path, count: int, unknown_field: bool) -> Path:
    texts = tool_texts(count, unknown_field)
    return catalog_folder(root, {f"tool-{i:06d}.toml": text for i, text in enumerate(texts)})


def copies(root: Path, count: int, copy_count: int) -> Path:
    text = "\n".join(tool_texts(count, unknown_field=False))
    return catalog_folder(root, {f"copy-{i}.toml": text for i in range(copy_count)})


def distinct_files(root: Path, count: int, file_count: int) -> Path:
    """`file_count` files of `count` tools each, no name shared."""
    texts = tool_texts(count * file_count, unknown_field=False)
    return catalog_folder(
        root,
        {
            f"part-{i}.toml": "\n".join(texts[i * count : (i + 1) * count])
            for i in range(file_count)
        },
    )


def median_load(root: Path, runs: int) -> tuple[float, int]:
    """The median seconds of `runs` uncached loads of `root`, and the problems one finds."""
    times = []
    problems = 0
    for _ in range(runs):
        start = time.perf_counter()
        result = load_catalog(root, use_cache=False)
        times.append(time.perf_counter() - start)
        problems = len(result.problems)
    return statistics.median(times), problems


Build = Callable[[Path], Path]


def rows(scale: float) -> list[tuple[str, Build, Build, bool]]:
    """(what, the catalog with problems, its clean baseline, held to the budget)."""
    big, files, clashing = (max(1, round(n * scale)) for n in (12_000, 20_000, 1_000))
    return [
        (
            f"one file of {big:,} tools, an unknown field each",
            lambda root: one_file(root, big, unknown_field=True),
            lambda root: one_file(root, big, unknown_field=False),
            True,
        ),
        (
            f"{files:,} one-tool files, an unknown field each",
            lambda root: many_files(root, files, unknown_field=True),
            lambda root: many_files(root, files, unknown_field=False),
            True,
        ),
        (
            f"a {clashing:,}-tool file beside its copy, vs 2 files",
            lambda root: copies(root, clashing, copy_count=2),
            lambda root: distinct_files(root, clashing, file_count=2),
            True,
        ),
        (
            f"a {clashing:,}-tool file beside its copy, vs 1 file",
            lambda root: copies(root, clashing, copy_count=2),
            lambda root: copies(root, clashing, copy_count=1),
            False,
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--budget", type=float, default=2.0)
    options = parser.parse_args()
    over = 0
    print(f"{'catalog':<48} {'problems':>9} {'with':>9} {'clean':>9} {'ratio':>6}")
    for what, with_problems, clean, budgeted in rows(options.scale):
        with tempfile.TemporaryDirectory() as folder:
            seconds, problems = median_load(with_problems(Path(folder) / "p"), options.runs)
            baseline, _ = median_load(clean(Path(folder) / "c"), options.runs)
        ratio = seconds / baseline
        over += budgeted and ratio > options.budget
        flag = "" if budgeted else "  (not budgeted)"
        if budgeted and ratio > options.budget:
            flag = f"  over the budget of {options.budget:g}"
        print(f"{what:<48} {problems:>9,} {seconds:>8.3f}s {baseline:>8.3f}s {ratio:>6.2f}{flag}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
