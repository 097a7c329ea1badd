"""Read a catalog folder, validate it strictly, and report every problem with its place.

One pass collects all problems instead of stopping at the first, so a user fixing a
hand-edited or merged catalog sees everything at once. Tools with errors are left out;
the valid rest is still returned so the browser can open with a list of problems.

The load loop walks the folder (walk.py), takes each tool file's result from the cache
(cache.py) when the file provably did not change and parses it (parse.py) when it may
have, then drops the tools whose names clash (clashes.py).
"""

from __future__ import annotations

import time
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mlseg_tui.catalog import cache as catalog_cache
from mlseg_tui.catalog import walk
from mlseg_tui.catalog.cache_entries import (
    DIGEST,
    PROBLEMS,
    Entry,
    KeptFiles,
    problem_records,
    tools_of_entry,
    trusted,
)
from mlseg_tui.catalog.cache_file import StoredEntries
from mlseg_tui.catalog.clashes import drop_clashes, find_clashes
from mlseg_tui.catalog.digest import file_hash, hash_or_empty
from mlseg_tui.catalog.metric import metric_key
from mlseg_tui.catalog.parse import parse_tool_file
from mlseg_tui.catalog.segments import read_segments_file
from mlseg_tui.catalog.source import read_bytes
from mlseg_tui.catalog.walk import SEGMENTS_FILE, Signature, settled, stat_stamp
from mlseg_tui.domain.collector import paused
from mlseg_tui.domain.criteria import Metric
from mlseg_tui.domain.model import SEGMENT_IDS, Catalog, Problem, Tool


@dataclass
class LoadedFiles:
    """What the load saw of the catalog's files, for the store to tell outside changes by:
    each tool file's content hash; the stat stamps (walk.stat_stamp) proving those bytes,
    as two columns in load order (0 where the stat cannot prove them); each walked folder's
    stamp (walk.folder_stamp); segments.toml's hash ("" when unread)."""

    hashes: dict[Path, str] = field(default_factory=dict)
    stamp_paths: list[Path] = field(default_factory=list)
    stamps: array[int] = field(default_factory=lambda: array("q"))
    folders: dict[Path, int] = field(default_factory=dict)
    segments_hash: str = ""


@dataclass
class LoadResult:
    """The catalog (None when it cannot be used at all), every problem found, and what
    the load saw of the files (empty for a catalog not loaded from a whole folder)."""

    catalog: Catalog | None
    problems: list[Problem] = field(default_factory=list)
    files: LoadedFiles = field(default_factory=LoadedFiles)
    tools_read: int = 0  # valid tools found, also when the catalog cannot be used

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        return self.catalog is not None and not self.errors


# The one error of a catalog that is fine but empty (an import may fill it).
NO_TOOLS = "the catalog holds no tools"


class CatalogNotFound(Exception):
    """The catalog folder does not exist or is not a folder."""


def load_catalog(root: Path, *, use_cache: bool = True) -> LoadResult:
    """Load and validate the catalog in folder `root`.

    Raises CatalogNotFound when `root` is not a folder; every other problem is reported.
    Each tool file's result comes from the cache (see `cache.py`) when the file provably did
    not change; `use_cache=False` (or MLSEG_NO_CACHE=1) reads every file.
    """
    root = Path(root)
    if not root.is_dir():
        raise CatalogNotFound(f"{root}: no such catalog folder")
    # A load makes many objects and no cycles: the collector would only scan them.
    with paused():
        return _load(root, use_cache)


def _load(root: Path, use_cache: bool) -> LoadResult:
    started_ns = time.time_ns()
    problems: list[Problem] = []
    # Hashed before it is parsed: a change in between then shows as a change, never hides.
    segments_hash = hash_or_empty(root / SEGMENTS_FILE)
    segments, metric = read_segments_file(root, problems)
    segment_ids = {s.id for s in segments} if segments else None
    store = None
    if use_cache:
        # A tool's problems depend on the segment ids and the criteria it is checked against.
        segment_key = (*sorted(segment_ids), *metric_key(metric)) if metric is not None else None
        store = catalog_cache.CatalogCache.open(root, segment_key)
    # Read a piece at a time as the walk meets their files; let go of once the walk ends.
    cached = store.entries if store is not None else StoredEntries()
    kept = KeptFiles()
    files = LoadedFiles(segments_hash=segments_hash)
    try:
        tools, all_cached = _load_files(
            root, started_ns, cached, segment_ids, metric, problems, kept, files
        )
    finally:
        cached.close()
    # The clashes the cache holds still hold if the walk met the same files, in order.
    if store is not None and all_cached and cached.all_taken_in_order():
        clashes = list(store.clashes)
    else:
        clashes = find_clashes(tools)
        if store is not None:
            store.save(kept.entries(tools), clashes, kept.table.values)
    tools = drop_clashes(tools, clashes, problems)
    if not tools and not any(p.is_error for p in problems):
        problems.append(Problem(root, 1, 1, NO_TOOLS))
    if segments is None:
        return LoadResult(None, problems, tools_read=len(tools))
    catalog = Catalog(root, segments, tools, metric=metric or Metric())
    return LoadResult(catalog, problems, files, len(tools))


def _load_files(
    root: Path,
    started_ns: int,
    cached: StoredEntries,
    segment_ids: set[str] | None,
    metric: Metric | None,
    problems: list[Problem],
    kept: KeptFiles,
    files: LoadedFiles,
) -> tuple[list[Tool], bool]:
    """Every tool file's tools, from the cache or read, and whether all came from the cache;
    what a new cache needs of each file goes to `kept`, what the store needs to `files`."""
    all_cached = True
    shared: dict[Any, Any] = {segment_id: segment_id for segment_id in SEGMENT_IDS}
    tools: list[Tool] = []
    hashes = files.hashes
    # Stamps of the files whose stat proves their bytes (see `settled`); 0 for the others.
    stamp_paths, stamps, folders = files.stamp_paths, files.stamps, files.folders
    for item in walk.walk_tool_files(root, "", folders, started_ns):
        if isinstance(item, Problem):
            problems.append(item)
            continue
        rel, path, current = item
        # Taken, so that each entry's tuples go as soon as its tools are made, not held to
        # the end of the load.
        entry = cached.take(rel)
        file_tools = None
        if entry is not None and trusted(entry, current):
            file_tools = tools_of_entry(entry, path, problems, cached.values)
            if file_tools is not None:
                signature, read_at, digest, _, records = entry
                kept.add(rel, signature, read_at, digest, len(file_tools), records)
                hashes[path] = digest
                stamp_paths.append(path)
                stamps.append(stat_stamp(digest, current))  # `trusted` implies `settled`
        if file_tools is None:
            all_cached = False
            file_tools, digest = _read_tool_file(
                rel, path, current, entry, cached.values, started_ns, segment_ids, metric,
                problems, shared, kept,
            )  # fmt: skip
            if digest is not None:
                hashes[path] = digest
                stamp_paths.append(path)
                stamps.append(stat_stamp(digest, current) if settled(current, started_ns) else 0)
        del entry
        tools += file_tools
    return tools, all_cached


def _read_tool_file(
    rel: str,
    path: Path,
    current: Signature,
    entry: Entry | None,
    values: Sequence[Any],
    started_ns: int,
    segment_ids: set[str] | None,
    metric: Metric | None,
    problems: list[Problem],
    shared: dict[Any, Any],
    kept: KeptFiles,
) -> tuple[list[Tool], str | None]:
    """Read one tool file the cache could not vouch for: its tools and the hash of its bytes
    (None if it could not be read); what a new cache needs of it goes to `kept`.

    When the bytes hash the same as the cached entry's (a touched file, or one changed too
    recently to trust its timestamps), the entry's result is reused without parsing;
    `values` is the table of values its records refer to.
    """
    file_problems: list[Problem] = []
    data = read_bytes(path, file_problems)
    if data is None:
        problems.extend(file_problems)
        return [], None
    if entry is not None and file_hash(data) == entry[DIGEST]:
        file_tools = tools_of_entry(entry, path, problems, values)
        if file_tools is not None:
            digest, records = entry[DIGEST], entry[PROBLEMS]
            kept.add(rel, current, started_ns, digest, len(file_tools), records)
            return file_tools, digest
    handed = [data]  # over to the parse, which frees the bytes once it has the text
    del data
    file_tools, digest = parse_tool_file(
        path, handed.pop(), segment_ids, file_problems, shared, metric=metric
    )
    problems.extend(file_problems)
    kept.add(rel, current, started_ns, digest, len(file_tools), problem_records(file_problems))
    return file_tools, digest
