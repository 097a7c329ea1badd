"""Overwriting a file that changed on disk: the app's changes made again on top of the
file as it is now, so another writer's changes (its history entries among them) stay.

Writing memory's tables over the file would erase what the other writer did, and a new
history entry would start from a segment the file no longer held. Instead the file is
re-read (its tools take the values on disk), and each pending change of its tools (an
edit, an add, a removal) is made again through the session (domain.intents), from what
the file holds: new undoable edits, saved by the ordinary save that follows.
"""

from __future__ import annotations

import os
from collections.abc import Collection
from pathlib import Path

from mlseg_tui.domain.edits import EditSession
from mlseg_tui.domain.intents import apply_intents, intents_of
from mlseg_tui.domain.model import Catalog
from mlseg_tui.store.disk_state import DiskState
from mlseg_tui.store.reload import reload_files
from mlseg_tui.store.report import SaveReport


def replay_on_disk(
    catalog: Catalog,
    disk: DiskState,
    session: EditSession,
    paths: Collection[Path],
    report: SaveReport,
) -> None:
    """Re-read each file of `paths` and make its tools' pending changes again on top of it.

    A file that no longer exists is reported as a failure (its changes stay pending); a
    changed tool the re-read no longer finds is named in `report.dropped`.
    """
    wanted = [path for path in paths if os.path.lexists(path)]
    for path in paths:
        if path not in wanted:
            report.failures.append((path, "the file was deleted; reload to drop its tools"))
    if not wanted:
        return
    intents = intents_of(session, set(wanted))
    problems, _ = reload_files(catalog, disk, session, wanted)
    report.problems += problems
    report.reloaded += wanted
    _, skipped = apply_intents(intents, catalog, session)
    report.dropped += skipped
