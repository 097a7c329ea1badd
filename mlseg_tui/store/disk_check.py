"""Checks for outside changes to a loaded catalog's files: changed or vanished tool files,
new tool files, a changed segments.toml. They only read (and note proofs in the disk
state's stamps), so they are safe on a thread."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from mlseg_tui.catalog.digest import hash_file, hash_or_empty
from mlseg_tui.catalog.walk import (
    SEGMENTS_FILE,
    folder_stamp,
    signature_of,
    stat_stamp,
    walk_tool_files,
)
from mlseg_tui.domain.model import Problem
from mlseg_tui.store.disk_state import DiskState


def changed_on_disk(disk: DiskState, hashes: Mapping[Path, str]) -> list[Path]:
    """Tool files whose bytes differ from `hashes`, or that vanished.

    Cheap when nothing changed: a file is read and hashed (a piece at a time) only when
    its stat differs from the one its hash was last proven under (`disk.stamps`, filled
    by the load). Safe on a thread: it only gets and sets single stamps.
    """
    changed = []
    with _FolderStats() as stat_of:
        for path, digest, stamp in disk.stamps.with_digests(hashes):
            now = stat_of(path)
            if now is None:
                changed.append(path)
                continue
            if stamp == stat_stamp(digest, signature_of(now)):
                continue
            started = time.time_ns()
            try:
                same = hash_file(path) == digest
            except OSError:
                same = False
            if same:
                disk.confirm(path, digest, now, started)
            else:
                changed.append(path)
    return changed


def added_files(root: Path, disk: DiskState) -> tuple[list[Path], dict[Path, int]]:
    """Tool files in the catalog's folders that it does not hold (added since the load, say
    by a `git pull`), and the folder stamps to remember (`disk.folders`) once the caller
    has taken note of them.

    One stat a folder while no folder changed; a changed one is walked again, down.
    """
    fresh: dict[Path, int] = {}
    added: list[Path] = []
    for folder, stamp in list(disk.folders.items()):  # parents before children
        if folder in fresh:
            continue  # walked with a changed folder above it
        started = time.time_ns()
        now = folder_stamp(folder, started)
        if now and now == stamp:
            continue
        if not now and not folder.is_dir():
            continue  # gone: its files show as changed (vanished)
        relative = folder.relative_to(root).as_posix()
        rel = "" if relative == "." else relative + "/"
        for item in walk_tool_files(folder, rel, fresh, started):
            if not isinstance(item, Problem) and item[1] not in disk.hashes:
                added.append(item[1])
    return added, fresh


def segments_changed(root: Path, disk: DiskState) -> bool:
    """True when segments.toml no longer holds the bytes the catalog was loaded from
    (never for a catalog that was not loaded from a folder: it has no hash to compare)."""
    if not disk.segments_hash:
        return False
    return hash_or_empty(root / SEGMENTS_FILE) != disk.segments_hash


def _stat_or_none(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


class _FolderStats:
    """`os.stat` of many files, each through an open handle on its folder and its name.

    `os.stat(path)` makes a `Path` keep its string for good, which adds up over many files.
    The folder's handle is kept while consecutive files share it (the load's order).
    """

    def __init__(self) -> None:
        self._folder: Path | None = None
        self._fd: int | None = None

    def __enter__(self) -> Callable[[Path], os.stat_result | None]:
        if os.stat in os.supports_dir_fd:
            return self._stat
        return _stat_or_none

    def __exit__(self, *exc_info: object) -> None:
        self._close()

    def _close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
        self._fd = None

    def _stat(self, path: Path) -> os.stat_result | None:
        folder = path.parent
        if folder != self._folder:
            self._close()
            self._folder = folder
            # O_PATH needs no read permission on the folder, only the search permission
            # that a stat of its files needs anyway.
            flags = getattr(os, "O_PATH", os.O_RDONLY) | getattr(os, "O_DIRECTORY", 0)
            with contextlib.suppress(OSError):
                self._fd = os.open(folder, flags)
        if self._fd is None:
            return _stat_or_none(path)
        try:
            return os.stat(path.name, dir_fd=self._fd)
        except OSError:
            return None
