"""The benchmark's in-process measures: load, search, save and load memory."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mlseg_tui.bench import catalogs, core
from mlseg_tui.bench.results import Results, Row, pass_or_fail
from mlseg_tui.bench.stats import Summary
from mlseg_tui.catalog.load import load_catalog


def runs_for(size: int, runs: int) -> int:
    return max(1, runs // 2) if size >= 100_000 else runs


def measure_load(results: Results, roots: dict[tuple[int, str], Path], runs: int) -> None:
    for (size, layout), root in roots.items():
        times = core.load_times(root, runs_for(size, runs))
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
        times = core.search_times(catalog)
        results.add(Row("search index build", size, "-", Summary.of([times.build])))
        results.add(Row("full-text index build", size, "-", Summary.of([times.text_build])))
        results.add(Row("facet columns, first use", size, "-", Summary.of([times.facet_build])))
        budget = SEARCH_BUDGET_MS.get(size)
        summary = Summary.of(times.all)
        results.add(
            Row(
                "search core per keystroke (1-8 chars)",
                size,
                "-",
                summary,
                budget=f"<= {budget:g} ms" if budget else "",
                verdict=pass_or_fail(summary.median <= budget) if budget else "",
            )
        )
        for length in (1, 2, 4, 8):
            samples = times.by_length.get(length, [])
            results.add(Row(f"  search core, {length}-char query", size, "-", Summary.of(samples)))
        for kind, samples in times.facets.items():
            summary = Summary.of(samples)
            results.add(
                Row(
                    f"search per keystroke, {kind}",
                    size,
                    "-",
                    summary,
                    budget=f"<= {budget:g} ms" if budget else "",
                    verdict=pass_or_fail(summary.median <= budget) if budget else "",
                )
            )


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
        budget = SAVE_BUDGET_MS.get(size)
        for kind in ("move", "add", "edit"):
            scratch = catalogs.scratch_copy(root, workdir, f"save-{kind}-{size}-{layout}")
            if kind == "move":
                samples = core.save_times(scratch, max(runs, 10))
            else:
                samples = core.edit_save_times(scratch, max(runs, 10), kind)
            summary = Summary.of(samples)
            results.add(
                Row(
                    f"{kind} + save one tool",
                    size,
                    layout,
                    summary,
                    budget=f"<= {budget:g} ms" if budget else "",
                    verdict=pass_or_fail(summary.median <= budget) if budget else "",
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
