"""A quick first look at a catalog of many files: its first tool files, read without the cache.

A warm load of 100,000 one-tool files takes ~2 s, almost all of it per-file work (a stat,
a Path, a hash for every file). The browser does not need all of it to draw its first
frame: `catalog_preview` lists file names only (no stat), reads the first few files in
the order `load_catalog` reads them, and returns a catalog of just those tools. The
browser shows it at once and replaces it with `load_catalog`'s result as soon as that is
ready; nothing is ever edited or saved on a preview.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from mlseg_tui.catalog.load import (
    MAX_FOLDER_DEPTH,
    SEGMENTS_FILE,
    LoadResult,
    check_unique_keys,
    load_segments,
    load_tool_file,
)
from mlseg_tui.domain.model import Catalog, Problem

# A catalog of at most this many tool files loads in full before the first frame: its
# load is quick, and a preview would only add work.
PREVIEW_FROM_FILES = 2000
# The preview reads files until it holds this many tools (enough to fill every pane of a
# tall terminal) or this many files.
PREVIEW_TOOLS = 250
PREVIEW_FILES = 250


@dataclass
class CatalogPreview:
    """The first tools of a catalog too big to load before the first frame."""

    result: LoadResult  # a catalog of the files read so far (never saved)
    files_read: int
    files_listed: int  # tool files seen while listing (at least this many in all)


def catalog_preview(root: Path) -> CatalogPreview | None:
    """A preview of the catalog at `root`, or None when a full load is the better start:
    few files, no folder, or segments.toml unreadable (a full load reports why)."""
    if not root.is_dir():
        return None
    names, listed = _listed_files(root)
    if listed <= PREVIEW_FROM_FILES:
        return None
    problems: list[Problem] = []
    segments = load_segments(root, problems)
    if segments is None:
        return None
    segment_ids = {segment.id for segment in segments}
    tools = []
    files_read = 0
    for path in names:
        if len(tools) >= PREVIEW_TOOLS or files_read >= PREVIEW_FILES:
            break
        file_tools, _ = load_tool_file(path, segment_ids, problems)
        tools += file_tools
        files_read += 1
    tools = check_unique_keys(tools, problems)
    catalog = Catalog(root, segments, tools, {})
    return CatalogPreview(LoadResult(catalog, problems), files_read, listed)


def _listed_files(root: Path) -> tuple[list[Path], int]:
    """The first PREVIEW_FILES tool files in `load_catalog`'s order (a folder's files by
    name, then its subfolders by name), from names alone, and how many files were listed
    (listing stops once past PREVIEW_FROM_FILES)."""
    found: list[Path] = []
    listed = [0]
    _list_folder(root, "", found, listed)
    return found, listed[0]


def _list_folder(folder: Path, rel: str, found: list[Path], listed: list[int]) -> None:
    if rel.count("/") >= MAX_FOLDER_DEPTH or listed[0] > PREVIEW_FROM_FILES:
        return
    files: list[str] = []
    folders: list[str] = []
    try:
        with os.scandir(folder) as listing:
            for entry in listing:
                name = entry.name
                if name.startswith("."):
                    continue
                try:
                    # A link to a folder is not followed (as in load_catalog).
                    is_folder = entry.is_dir(follow_symlinks=False)
                except OSError:
                    is_folder = False
                if is_folder:
                    folders.append(name)
                elif name.endswith(".toml") and not (not rel and name == SEGMENTS_FILE):
                    files.append(name)
    except OSError:
        return
    listed[0] += len(files)
    room = PREVIEW_FILES - len(found)
    if room > 0:
        files.sort()
        found += [folder / name for name in files[:room]]  # Paths only for files read
    for name in sorted(folders):
        _list_folder(folder / name, f"{rel}{name}/", found, listed)
