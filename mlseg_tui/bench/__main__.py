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
import sys
from collections.abc import Sequence
from pathlib import Path

from mlseg_tui.bench import catalogs
from mlseg_tui.bench.in_terminal import measure_terminal
from mlseg_tui.bench.measures import (
    measure_load,
    measure_load_memory,
    measure_save,
    measure_search,
)
from mlseg_tui.bench.results import HEADERS, Results, machine

MEASURES = ("load", "search", "save", "memory", "startup", "typing", "bursts")
DEFAULT_SIZES = (38, 1000, 10_000, 100_000)
DEFAULT_WORKDIR = Path("/tmp/mlseg-bench")


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
    if only & {"startup", "typing", "bursts"}:
        measure_terminal(results, roots, args)
    return results


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m mlseg_tui.bench", description=(__doc__ or "").splitlines()[0]
    )
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), type=_ints)
    parser.add_argument("--layouts", default=",".join(catalogs.LAYOUTS), type=_layouts)
    parser.add_argument("--only", default=",".join(MEASURES), type=_measures)
    parser.add_argument("--runs", type=int, default=5, help="runs a measure (halved at 100k)")
    parser.add_argument("--words", type=int, default=5, help="words typed in the terminal")
    parser.add_argument("--bursts", type=int, default=40, help="bursts sent in the terminal")
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
