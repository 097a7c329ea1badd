"""Writing a session's pending changes to the catalog's files: which file takes which
change, in what order, and what a save did.

Each file is written all or nothing (file_save for existing files, atomic.create_parts
for new ones, never replacing a file). A save that touches several files writes them in
an order that never lets two tools share a name on disk: a file that gives up a name (a
removal, a rename) is written before a file that takes it, and when the giver cannot be
written the taker waits too. The report says which files were written and which changes
are still pending.
"""

from __future__ import annotations

import bisect
import time
from collections.abc import Collection, Iterable
from pathlib import Path

from mlseg_tui.catalog.digest import file_hash, hash_parts
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.domain.model import Catalog, SourceRef, Tool
from mlseg_tui.domain.tool_files import new_file_for
from mlseg_tui.store import atomic
from mlseg_tui.store.disk_state import DiskState
from mlseg_tui.store.edit_checks import EditError
from mlseg_tui.store.file_edit import FileChanges
from mlseg_tui.store.file_save import Conflict, FileSaved, save_file
from mlseg_tui.store.new_tool import check_new_tool, full_tool_text, new_file_text
from mlseg_tui.store.overwrite import replay_on_disk
from mlseg_tui.store.recreate import checked_file, missing
from mlseg_tui.store.report import SaveReport, describe_error

# How many names a new file tries when the ones before it turn out to exist on disk.
NEW_FILE_TRIES = 50


def save_changes(
    catalog: Catalog, disk: DiskState, session: EditSession, overwrite: Collection[Path] = ()
) -> SaveReport:
    """Write every file holding a changed tool; skip (and report) files changed on disk.

    Files in `overwrite` are written even though they changed on disk: each is re-read
    and its tools' pending changes are made again on top of it (overwrite.replay_on_disk),
    so the other writer's changes stay and new history entries start from what the file
    holds.
    """
    report = SaveReport()
    if overwrite:
        replay_on_disk(catalog, disk, session, overwrite, report)
    failed = {path for path, _ in report.failures}
    by_file: dict[Path | Tool, FileChanges] = {}
    for change in session.changes():
        key: Path | Tool = change.tool if change.new_file else change.tool.source.path
        group = by_file.setdefault(key, FileChanges(metric=catalog.metric))
        {"add": group.adds, "edit": group.edits, "remove": group.removals}[change.kind].append(
            change
        )
    segment_ids = set(catalog.segment_ids())
    held: dict[str, str] = {}  # names still on disk in files not written -> that file
    for key in _write_order(by_file):
        changes = by_file[key]
        taken = _keys(changes, taking=True)
        waiting = next((k for k in taken if k in held), None)
        label = key.source.path if isinstance(key, Tool) else key
        if label in failed:
            held.update(dict.fromkeys(_keys(changes, taking=False), str(label)))
            continue
        if waiting is not None:
            report.failures.append(
                (label, f"not written: it takes the name {waiting!r}, which {held[waiting]} "
                        "still holds (that file was not saved)")
            )  # fmt: skip
            held.update(dict.fromkeys(_keys(changes, taking=False), str(label)))
            continue
        saved = _save_one(catalog, disk, key, changes, segment_ids, report)
        if saved is None:
            held.update(dict.fromkeys(_keys(changes, taking=False), str(label)))
            continue
        tools = [change.tool for change in changes.all()]
        _renumber(catalog, saved, changes)
        session.mark_saved(tools)
        report.written.append(saved.path)
        report.saved_tools.extend(tools)
    return report


def recreate_file(
    catalog: Catalog, disk: DiskState, session: EditSession, path: Path
) -> SaveReport:
    """Write the deleted file `path` again from memory's tools of it (recreate.py)."""
    report = SaveReport()
    tools = [tool for tool in catalog.tools if tool.source.path == path]
    started = time.time_ns()

    def still_missing() -> None:
        if not missing(path):
            raise Conflict

    try:
        data = checked_file(path, tools, set(catalog.segment_ids()), catalog.metric)
        written = atomic.write_parts(path, [data], still_missing, disk.swept, catalog.root)
    except Conflict:
        report.conflicts.append(path)  # it is back: a save compares it as usual
        return report
    except EditError as error:
        report.failures.append((path, f"cannot write it again safely: {error}"))
        return report
    except OSError as error:
        report.failures.append((path, describe_error(error)))
        return report
    digest = file_hash(data)
    disk.hashes[path] = digest
    disk.layouts.pop(path, None)
    disk.big_files.pop(path, None)
    disk.confirm(path, digest, written, started)
    dirty = set(session.dirty_tools())
    session.mark_saved(tools)
    report.written.append(path)
    report.saved_tools.extend(tool for tool in tools if tool in dirty)
    return report


def _keys(changes: FileChanges, taking: bool) -> set[str]:
    """The names and aliases (casefolded) the file's changes take, or give up."""
    found: set[str] = set()
    for change in changes.all():
        saved = {k.casefold() for k in change.saved.values.keys} if change.saved else set()
        now = {k.casefold() for k in change.current.values.keys} if change.current else set()
        found |= (now - saved) if taking else (saved - now)
    return found


def _write_order(by_file: dict[Path | Tool, FileChanges]) -> list[Path | Tool]:
    """Files that only give names up (or change none) first, as listed; then each file
    once no file still to write gives up a name it takes (a cycle, such as two tools
    swapping names across files, goes in the order listed)."""
    takes = {key: _keys(changes, taking=True) for key, changes in by_file.items()}
    order = [key for key, taken in takes.items() if not taken]
    rest = [key for key, taken in takes.items() if taken]
    gives = {key: _keys(by_file[key], taking=False) for key in rest}
    while rest:
        ready = next(
            (
                key
                for key in rest
                if not any(takes[key] & gives[other] for other in rest if other is not key)
            ),
            rest[0],
        )
        rest.remove(ready)
        order.append(ready)
    return order


def _save_one(
    catalog: Catalog,
    disk: DiskState,
    key: Path | Tool,
    changes: FileChanges,
    segment_ids: set[str],
    report: SaveReport,
) -> FileSaved | None:
    label = key.source.path if isinstance(key, Tool) else key
    try:
        for change in changes.adds:
            text = full_tool_text(change.tool, "\n", catalog.metric)
            check_new_tool(text, change.tool, label, segment_ids, catalog.metric)
    except EditError as error:
        report.failures.append((label, f"cannot write the new tool safely: {error}"))
        return None
    if isinstance(key, Tool):
        return _create_file(catalog, disk, changes, None, report)
    if key not in disk.hashes and not changes.edits and not changes.removals:
        return _create_file(catalog, disk, changes, key, report)  # a file not there yet
    return save_file(catalog, disk, key, changes, report)


def _create_file(
    catalog: Catalog,
    disk: DiskState,
    changes: FileChanges,
    path: Path | None,
    report: SaveReport,
) -> FileSaved | None:
    """Write new tools into a file of their own, never replacing a file. `path` None: the
    file is named from the (one) tool's name, and a name found taken on disk moves on to
    the next (`x-2.toml`, ...); else a file found at `path` is a conflict."""
    tools = [change.tool for change in changes.adds]
    folder = (path or tools[0].source.path).parent
    tried: set[Path] = set()
    data = new_file_text(tools, "\n", catalog.metric).encode("utf-8")
    for _ in range(NEW_FILE_TRIES if path is None else 1):
        try:
            target = path or new_file_for(tools[0].name, folder, disk.hashes, tried)
        except ValueError as error:
            report.failures.append((tools[0].source.path, str(error)))
            return None
        started = time.time_ns()
        try:
            written = atomic.create_parts(target, [data], disk.swept, catalog.root)
        except FileExistsError:
            if path is not None:
                report.conflicts.append(path)
                return None
            tried.add(target)
            continue
        except OSError as error:
            report.failures.append((target, describe_error(error)))
            return None
        digest = hash_parts([data])
        disk.hashes[target] = digest
        disk.confirm(target, digest, written, started)
        disk.layouts.pop(target, None)
        for index, tool in enumerate(tools):
            tool.source = SourceRef(target, index)
        report.created.append(target)
        return FileSaved(target, [], len(tools))
    report.failures.append((tools[0].source.path, "every file name tried exists already"))
    return None


def _renumber(catalog: Catalog, saved: FileSaved, changes: FileChanges) -> None:
    """Give the file's tools their new positions in it: those after a removed table move
    up, new ones come last (`saved.count` tells how many the file holds, when known)."""
    for change in changes.removals:  # no longer in the file: an undo appends it again
        change.tool.source = SourceRef(saved.path, -1)
    if saved.removed:
        removed = sorted(saved.removed)
        for tool in _tools_in(catalog.tools, saved.path, set()):
            shift = bisect.bisect_left(removed, tool.source.index)
            if shift:
                tool.source = SourceRef(tool.source.path, tool.source.index - shift)
    if not changes.adds:
        return
    count = saved.count
    if count is None:
        added = {change.tool for change in changes.adds}
        count = len(_tools_in(catalog.tools, saved.path, added)) + len(changes.adds)
    first = count - len(changes.adds)
    for number, change in enumerate(changes.adds):
        change.tool.source = SourceRef(saved.path, first + number)


def _tools_in(tools: Iterable[Tool], path: Path, added: set[Tool]) -> list[Tool]:
    return [tool for tool in tools if tool.source.path == path and tool not in added]
