"""Overwriting a file that changed on disk: the app's changes made again on top of the
file as it is now, so another writer's changes (its history entries among them) stay.

Writing memory's tables over the file would erase what the other writer did, and a new
history entry would start from a segment the file no longer held. Instead the file is
re-read (its tools take the values on disk), and each pending change of its tools (an
edit, an add, a removal) is made again through the session (domain.intents), from what
the file holds: new undoable edits, saved by the ordinary save that follows.

A file where a pending change could not be made again (it no longer parses, or a changed
tool is gone from it) is not re-read at all: the overwrite is refused with the reason,
and the changes stay pending, undoable, in the unsaved count and in a recovery file,
until the file is fixed (or the user reloads it, dropping them on purpose).
"""

from __future__ import annotations

import os
from collections.abc import Collection, Sequence
from pathlib import Path

from mlseg_tui.domain.edits import EditSession
from mlseg_tui.domain.intents import Intent, apply_intents, intents_of
from mlseg_tui.domain.model import Catalog, Problem, Tool
from mlseg_tui.domain.text import one_line
from mlseg_tui.store.disk_state import DiskState
from mlseg_tui.store.reload import reload_files
from mlseg_tui.store.report import SaveReport

SHOWN_PROBLEMS = 1  # the first error in a refused file is named; the rest are counted


def replay_on_disk(
    catalog: Catalog,
    disk: DiskState,
    session: EditSession,
    paths: Collection[Path],
    report: SaveReport,
) -> None:
    """Re-read each file of `paths` and make its tools' pending changes again on top of it.

    A file that no longer exists, or whose re-read would leave a pending change nothing
    to apply to, is reported as a failure and left as it was (its changes stay pending).
    """
    wanted = [path for path in paths if os.path.lexists(path)]
    for path in paths:
        if path not in wanted:
            report.failures.append((path, "the file was deleted; reload to drop its tools"))
    if not wanted:
        return
    intents = {path: intents_of(session, {path}) for path in wanted}

    def refuse(path: Path, fresh: list[Tool], problems: list[Problem]) -> str | None:
        return refusal(catalog.root, path, intents[path], fresh, problems)

    reread = reload_files(catalog, disk, session, wanted, refuse=refuse)
    report.failures += reread.refused.items()
    report.problems += reread.problems
    taken = [path for path in wanted if path not in reread.refused]
    report.reloaded += taken
    _, skipped = apply_intents(
        (intent for path in taken for intent in intents[path]), catalog, session
    )
    report.dropped += skipped  # none: refusal checked each intent has its tool


def refusal(
    root: Path, path: Path, intents: Sequence[Intent], fresh: list[Tool], problems: list[Problem]
) -> str | None:
    """Why the re-read of `path` (its valid `fresh` tools and its `problems`) cannot take
    the file's pending `intents`, or None when each can be made again on top of it."""
    names = {key.casefold(): tool for tool in fresh for key in tool.keys}
    lost: list[str] = []
    for intent in intents:
        found = names.get(intent.name.casefold())
        if intent.kind == "add":
            if found is not None:  # the file holds a tool of that name now
                lost.append(intent.name)
        elif found is None or found.name.casefold() != intent.name.casefold():
            lost.append(intent.name)
    if not lost:
        return None
    who = ", ".join(one_line(name) for name in lost)
    whose = f"{who}'s unsaved change" if len(lost) == 1 else f"the unsaved changes of {who}"
    errors = [problem for problem in problems if problem.is_error]
    if errors:
        first = errors[0]
        more = len(errors) - SHOWN_PROBLEMS
        also = f" (and {more} more: press ! after fixing to check)" if more > 0 else ""
        return (
            f"not overwritten, it does not read as a tool file now: "
            f"{_where(root, first)}: {one_line(first.message)}{also}; overwriting would "
            f"lose {whose}"
        )
    return (
        f"not overwritten: {who} is no longer in it as the app knows "
        f"{'it' if len(lost) == 1 else 'them'} (renamed or removed on disk?); overwriting "
        f"would lose {whose}. Reload the file to drop {'it' if len(lost) == 1 else 'them'}"
    )


def _where(root: Path, problem: Problem) -> str:
    try:
        label = problem.path.relative_to(root).as_posix()
    except ValueError:
        label = os.fsdecode(problem.path)
    return f"{one_line(label)}:{problem.line}:{problem.column}"
