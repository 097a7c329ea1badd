"""Overwriting a file that changed on disk: the app's moves made again on top of the file
as it is now, so another writer's changes (its history entries among them) stay.

Writing memory's tables over the file would erase what the other writer did, and the new
history entry would start from a segment the file no longer held. Instead the file is
re-read (its tools take the values on disk), and each pending move of its tools is made
again through the session, from the segment the file holds: new undoable moves, saved
by the ordinary save that follows.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from mlseg_tui.domain.edits import EditSession
from mlseg_tui.domain.model import Catalog, HistoryEntry
from mlseg_tui.store.disk_state import DiskState
from mlseg_tui.store.reload import reload_files
from mlseg_tui.store.report import SaveReport


@dataclass(frozen=True)
class _Pending:
    """What a tool's pending moves were, by its name."""

    name: str
    entries: tuple[HistoryEntry, ...]
    segment: str  # where memory has it now


def replay_on_disk(
    catalog: Catalog,
    disk: DiskState,
    session: EditSession,
    paths: Collection[Path],
    report: SaveReport,
) -> None:
    """Re-read each file of `paths` and make its tools' pending moves again on top of it.

    A file that no longer exists is reported as a failure (its moves stay pending); a
    moved tool the re-read no longer finds is named in `report.dropped`.
    """
    wanted = [path for path in paths if os.path.lexists(path)]
    for path in paths:
        if path not in wanted:
            report.failures.append((path, "the file was deleted; reload to drop its tools"))
    if not wanted:
        return
    pending: dict[Path, list[_Pending]] = {path: [] for path in wanted}
    for tool in session.dirty_tools():
        if tool.source.path in pending:
            entries = session.pending_entries(tool)
            pending[tool.source.path].append(_Pending(tool.name, entries, tool.segment))
    problems, _ = reload_files(catalog, disk, session, wanted)
    report.problems += problems
    report.reloaded += wanted
    by_name = {tool.name.casefold(): tool for tool in catalog.tools if tool.source.path in pending}
    for moves in pending.values():
        for was in moves:
            tool = by_name.get(was.name.casefold())
            if tool is None:
                report.dropped.append(was.name)
                continue
            for entry in was.entries:
                session.move(tool, entry.to_segment, entry.reason, today=entry.date)
            if tool.segment != was.segment:  # undone saved moves: back where memory had it
                session.move(tool, was.segment)
