"""A quick first look at a catalog of many files: its first tool files, read without the cache.

A load of a catalog of many files is almost all per-file work (a stat, a Path, a hash for
every file). The browser does not need all of it to draw its first frame:
`catalog_preview` lists file names only (no stat), reads the first few files in the
order `load_catalog` reads them, and returns a catalog of just those tools. The browser
shows it at once and replaces it with `load_catalog`'s result as soon as that is ready;
nothing is ever edited or saved on a preview.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mlseg_tui.catalog.clashes import check_unique_keys
from mlseg_tui.catalog.load import LoadResult
from mlseg_tui.catalog.parse import load_tool_file
from mlseg_tui.catalog.segments import read_segments_file
from mlseg_tui.catalog.walk import walk_folders
from mlseg_tui.domain.criteria import Metric
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
    segments, metric = read_segments_file(root, problems)
    if segments is None:
        return None
    segment_ids = {segment.id for segment in segments}
    tools = []
    files_read = 0
    for path in names:
        if len(tools) >= PREVIEW_TOOLS or files_read >= PREVIEW_FILES:
            break
        file_tools, _ = load_tool_file(path, segment_ids, problems, metric)
        tools += file_tools
        files_read += 1
    tools = check_unique_keys(tools, problems)
    catalog = Catalog(root, segments, tools, metric=metric or Metric())
    return CatalogPreview(LoadResult(catalog, problems), files_read, listed)


def _listed_files(root: Path) -> tuple[list[Path], int]:
    """The first PREVIEW_FILES tool files in `load_catalog`'s order, from names alone, and
    how many files were listed (listing stops once past PREVIEW_FROM_FILES)."""
    found: list[Path] = []
    listed = 0
    for listing in walk_folders(root):
        listed += len(listing.names)
        room = PREVIEW_FILES - len(found)
        if room > 0:
            found += [listing.folder / name for name in listing.names[:room]]
        if listed > PREVIEW_FROM_FILES:
            break
    return found, listed
