"""Saving the pending changes of one existing tool file into it (edits, removals, new
tools appended), or deleting it when its one tool is removed: every byte written to a
catalog's existing files goes through here.

A save is surgical: only the changed tools' tables are edited (file_edit, tool_edit); a
BOM and the file's other tools keep their exact bytes. The byte offsets of each file's
`[[tools]]` headers are kept between saves (`DiskState.layouts`), keyed by the file's
hash, so a save of a big file needs neither a full scan nor a full parse. Files are
replaced atomically (atomic.write_parts) and never when they changed on disk since they
were loaded or last saved (an overwrite first re-reads the file: overwrite.py).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mlseg_tui.catalog.digest import hash_parts
from mlseg_tui.catalog.files import read_regular
from mlseg_tui.catalog.source import UTF8_BOM
from mlseg_tui.domain.model import Catalog
from mlseg_tui.store import atomic
from mlseg_tui.store.disk_state import DiskState
from mlseg_tui.store.edit_checks import EditError
from mlseg_tui.store.file_edit import FileChanges, edit_body
from mlseg_tui.store.report import SaveReport, describe_error

# Files over this size are not copied into `DiskState.big_files`: for the biggest files
# the copy would cost much memory for the life of the app, and hashing on a thread less.
KEEP_COPY_MAX_BYTES = 16 << 20
# Files at least this big are hashed on another thread (hashlib releases the GIL), so
# the hash of the old bytes and of the new ones overlap the edit, the write and fsync.
BACKGROUND_HASH_BYTES = 1 << 20


@dataclass(frozen=True)
class FileSaved:
    """A file written (or deleted), and the positions of the tools removed from it."""

    path: Path
    removed: list[int]
    # How many tools the file holds now, when known without a pass over the catalog.
    count: int | None = None


class Conflict(Exception):
    """The file changed on disk since it was loaded or last saved."""


class _BackgroundHash:
    """The content hash of some bytes, computed on a thread when they are big."""

    def __init__(self, parts: Sequence[bytes | memoryview]) -> None:
        self._parts = parts
        self._digest: str | None = None
        self._thread: threading.Thread | None = None
        if sum(len(part) for part in parts) < BACKGROUND_HASH_BYTES:
            self._run()
        else:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()

    @classmethod
    def known(cls, digest: str | None) -> _BackgroundHash:
        done = cls([])
        done._digest = digest
        return done

    def _run(self) -> None:
        self._digest = hash_parts(self._parts)

    def result(self) -> str:
        if self._thread is not None:
            self._thread.join()
        if self._digest is None:  # the thread died: hash here
            self._run()
        assert self._digest is not None
        return self._digest


def loaded_count(catalog: Catalog, path: Path, expected: int) -> int:
    """How many of the catalog's tools (not counting new ones) came from `path`."""
    # The loader shares one Path object per file, so identity is a quick first try.
    count = sum(1 for tool in catalog.tools if tool.source.path is path and tool.source.index >= 0)
    if count != expected:
        count = sum(
            1 for tool in catalog.tools if tool.source.path == path and tool.source.index >= 0
        )
    return count


def save_file(
    catalog: Catalog,
    disk: DiskState,
    path: Path,
    changes: FileChanges,
    report: SaveReport,
) -> FileSaved | None:
    """Write `changes` into `path`; report failures and conflicts; what was done, or None
    when the file was not written.

    The file is edited as though it still held the bytes last seen (`disk.hashes`),
    while their hash is checked on the side; a mismatch stops the write before the
    rename, so a changed file is never replaced.
    """
    started = time.time_ns()
    try:
        data = read_regular(path)
    except FileNotFoundError:
        report.deleted.append(path)
        return None
    except OSError as error:
        report.failures.append((path, describe_error(error)))
        return None
    expected = disk.hashes.get(path)
    kept = disk.big_files.get(path)
    if kept is not None and kept[0] == expected and kept[1] == data:
        old_hash = _BackgroundHash.known(expected)  # the very bytes we wrote: no need to hash
    else:
        old_hash = _BackgroundHash([data])

    def unchanged() -> None:
        if old_hash.result() != expected:
            raise Conflict
        # Another writer may have replaced the file since `data` was read: compare again
        # now, under the replace lock, so its save is never overwritten unseen.
        try:
            if read_regular(path) != data:
                raise Conflict
        except OSError:  # gone, or no longer a regular file
            raise Conflict from None

    bom = UTF8_BOM if data.startswith(UTF8_BOM) else b""
    body = memoryview(data)[len(bom) :]
    layout = disk.layouts.get(path)
    known = layout[1] if layout is not None and layout[0] == (expected or "") else None
    try:
        edit = edit_body(
            bytes(body) if bom else data,
            changes,
            known,
            lambda found: loaded_count(catalog, path, found) + len(changes.removals),
            False,  # the file is as last read: tools are where the load found them
            disk.value_texts,
        )
        if edit.delete:
            atomic.remove_file(path, unchanged)
            disk.forget(path)
            report.removed_files.append(path)
            return FileSaved(path, edit.removed, 0)
        parts: list[bytes | memoryview] = [bom] if bom else []
        done = 0
        for start, end, replacement in edit.replacements:
            parts += [body[done:start], replacement]
            done = end
        parts.append(body[done:])
        if len(data) >= BACKGROUND_HASH_BYTES:
            parts = [b"".join(parts)]  # kept to compare with at the next save
        new_hash = _BackgroundHash(parts)
        written = atomic.write_parts(path, parts, unchanged, disk.swept, catalog.root)
    except Conflict:
        report.conflicts.append(path)
        return None
    except EditError as error:
        if old_hash.result() != expected:  # it failed on bytes changed behind our back
            report.conflicts.append(path)
        else:
            report.failures.append((path, f"cannot edit safely: {error}"))
        return None
    except OSError as error:
        report.failures.append((path, describe_error(error)))
        return None
    new_digest = new_hash.result()
    disk.hashes[path] = new_digest
    if len(parts) == 1 and BACKGROUND_HASH_BYTES <= len(parts[0]) <= KEEP_COPY_MAX_BYTES:
        disk.big_files[path] = (new_digest, bytes(parts[0]))
    else:
        disk.big_files.pop(path, None)
    disk.confirm(path, new_digest, written, started)
    if edit.offsets is not None:
        disk.layouts[path] = (new_digest, edit.offsets)
    else:
        disk.layouts.pop(path, None)
    count = len(edit.offsets) if edit.offsets is not None else None
    return FileSaved(path, edit.removed, count)
