"""In-process measures of the core: load, search, move/add/edit + save, and a load's peak
memory."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from mlseg_tui.bench.stats import timed_ms
from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.catalog.tool_rules import KeyOwners, check_values
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.domain.model import SEGMENT_IDS, Catalog, SourceRef, Tool
from mlseg_tui.domain.placement import Placement
from mlseg_tui.domain.tool_files import new_file_for, one_tool_per_file, tools_folder
from mlseg_tui.domain.tool_values import ToolValues, values_of
from mlseg_tui.store.catalog_store import CatalogStore
from mlseg_tui.store.report import SaveReport

# Eight-letter words typed one letter at a time: real tool names, misspellings, and
# fragments of the synthetic names. Different first letters, so one word's typing does
# not warm the search memo for the next.
QUERY_WORDS = (
    "kubeflow",
    "sagemakr",
    "tensorfl",
    "quantflo",
    "pipeline",
    "vertexai",
    "monitorx",
    "zorvatki",
    "databric",
    "hyperopt",
)


@dataclass
class LoadTimes:
    cold: list[float] = field(default_factory=list)
    warm: list[float] = field(default_factory=list)
    tools: int = 0


def load_times(root: Path, runs: int) -> LoadTimes:
    """Parse + validate every file (cold), then the same from a filled cache (warm)."""
    times = LoadTimes()
    for _ in range(runs):
        times.cold.append(timed_ms(lambda: load_catalog(root, use_cache=False)))
    result = load_catalog(root)  # fills the cache
    times.tools = len(result.catalog.tools) if result.catalog else 0
    for _ in range(runs):
        times.warm.append(timed_ms(lambda: load_catalog(root)))
    return times


@dataclass
class SearchTimes:
    build: float = 0.0
    text_build: float = 0.0  # the full-text index, made on the first word of 3+ letters
    facet_build: float = 0.0  # every facet's column, made on its first use
    # Keystrokes by query length: the search of word[:length] right after word[:length-1].
    by_length: dict[int, list[float]] = field(default_factory=dict)

    # Keystrokes of the facet and full-text queries (FACET_QUERIES), typed key by key.
    facets: dict[str, list[float]] = field(default_factory=dict)

    @property
    def all(self) -> list[float]:
        return [ms for samples in self.by_length.values() for ms in samples]


# Queries typed key by key for the facet and full-text rows: facets alone, facets with a
# fuzzy name, and words of the tools' text (the synthetic tags and descriptions).
FACET_QUERIES = {
    "facet-only": ("seg:narrow lic:apache", "stage:deploy -tag:serving", "disagree:yes"),
    "facet + fuzzy": ("lic:mit quantflo", "seg:middle kubeflow", "-status:x zorvatki"),
    "full-text word": ("serving", "monitoring", "orchestration"),
}
# Rows a pane draws in the benchmark's 160x48 terminal (a little more than it shows).
PANE_ROWS = 45


def search_times(catalog: Catalog, words: tuple[str, ...] = QUERY_WORDS) -> SearchTimes:
    """The search core per keystroke, as the browser runs it: `SearchIndex.search(q)`, each
    segment's tool indices (`.tools_by_segment(...)`), and the Match of each row the panes
    draw (`.match_of(...)` for the first PANE_ROWS tools of each segment)."""
    from mlseg_tui.search.index import SearchIndex
    from mlseg_tui.search.result import SearchResult

    def for_panes(result: SearchResult, placement: Placement) -> None:
        for rows in result.tools_by_segment(placement).values():
            for tool_index in rows[:PANE_ROWS]:
                result.match_of(tool_index)

    times = SearchTimes()
    index: list[SearchIndex] = []
    times.build = timed_ms(lambda: index.append(SearchIndex(catalog.tools, catalog.metric)))
    times.text_build = timed_ms(index[0].text_index)
    placement = Placement(catalog)
    times.facet_build = timed_ms(index[0].facets.build_columns)
    for word in words:
        for length in range(1, len(word) + 1):
            query = word[:length]
            elapsed = timed_ms(
                lambda query=query: for_panes(index[0].search(query, placement), placement)
            )
            times.by_length.setdefault(length, []).append(elapsed)
    for kind, queries in FACET_QUERIES.items():
        for query in queries:
            for length in range(1, len(query) + 1):
                typed = query[:length]
                elapsed = timed_ms(
                    lambda typed=typed: for_panes(index[0].search(typed, placement), placement)
                )
                times.facets.setdefault(kind, []).append(elapsed)
    return times


def save_times(root: Path, runs: int) -> list[float]:
    """Move one tool (a different one each run) and save, on a scratch catalog `root`."""
    result = load_catalog(root, use_cache=False)
    catalog = result.catalog
    assert catalog is not None and catalog.tools, "the scratch catalog did not load"
    store = CatalogStore(result)
    session = EditSession(catalog)
    samples = []
    count = len(catalog.tools)
    for run in range(runs):
        # Spread over the whole catalog: the middle of a big file costs what its start does.
        tool = catalog.tools[(run * 7919 + count // 2) % count]
        target = SEGMENT_IDS[(SEGMENT_IDS.index(tool.segment) + 1) % len(SEGMENT_IDS)]

        def move_and_save(tool: Tool = tool, target: str = target, run: int = run) -> None:
            session.move(tool, target, f"Benchmark run {run} moved it.")
            report = store.save(session)
            if not report.written or not report.ok:
                raise RuntimeError(f"save failed: {report.summary()}")

        samples.append(timed_ms(move_and_save))
    return samples


def edit_save_times(root: Path, runs: int, kind: str) -> list[float]:
    """Add a tool ("add") or edit one's reasoning and homepage ("edit"), then save, on a
    scratch catalog `root`: what follows the form's ctrl+s (the field rules against the
    names in use, where a new tool goes, the session, the save)."""
    result = load_catalog(root, use_cache=False)
    catalog = result.catalog
    assert catalog is not None and catalog.tools, "the scratch catalog did not load"
    store = CatalogStore(result)
    session = EditSession(catalog)
    samples = []
    count = len(catalog.tools)
    own = one_tool_per_file(catalog)
    for run in range(runs):
        tool = catalog.tools[(run * 7919 + count // 2) % count]
        # What the form builds when it opens (the names in use), before any key is typed.
        owners = KeyOwners(catalog.tools)

        def add_and_save(near: Tool = tool, run: int = run, owners: KeyOwners = owners) -> None:
            values = ToolValues(f"Benchmark Added {run}", near.segment, "Added to time it.")
            if check_values(catalog, values, None, owners):
                raise RuntimeError("the new tool's values are refused")
            if own:  # a file of its own, named from it; else the highlighted tool's file
                pending = {new.source.path for new in session.new_files}
                folder = tools_folder(catalog, near, store.folders)
                path = new_file_for(values.name, folder, store.files, pending)
            else:
                path = near.source.path
            new = Tool(values.name, values.segment, values.reasoning, SourceRef(path, -1))
            session.add(new, new_file=own)
            _saved(store.save(session))

        def edit_and_save(tool: Tool = tool, run: int = run, owners: KeyOwners = owners) -> None:
            changes = {"reasoning": f"Edited in run {run}.", "homepage": f"https://e{run}.example"}
            values = values_of(tool).replace(**changes)
            if check_values(catalog, values, tool, owners):
                raise RuntimeError("the edited values are refused")
            session.edit(tool, changes)
            _saved(store.save(session))

        samples.append(timed_ms(add_and_save if kind == "add" else edit_and_save))
    return samples


def _saved(report: SaveReport) -> None:
    if not report.written or not report.ok:
        raise RuntimeError(f"save failed: {report.summary()}")


LOAD_MEMORY_SCRIPT = """
import sys
from pathlib import Path
from mlseg_tui.catalog.load import load_catalog
result = load_catalog(Path(sys.argv[1]), use_cache=sys.argv[2] == "warm")
assert result.catalog is not None
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        print(int(line.split()[1]) / 1024)
"""


def load_peak_mb(root: Path, mode: str) -> float:
    """Peak RSS (MB) of a fresh interpreter that only loads the catalog, `cold` or `warm`."""
    done = subprocess.run(
        [sys.executable, "-c", LOAD_MEMORY_SCRIPT, str(root), mode],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        timeout=600,
        check=True,
    )
    return float(done.stdout.strip())
