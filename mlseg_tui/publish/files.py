"""The files that exports write and imports read: checked, bounded, written atomically."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from mlseg_tui.store.atomic import write_parts

# A radar file is a few megabytes at most; anything far bigger is not one.
MAX_RADAR_BYTES = 64 * 1024 * 1024


class PublishFileError(ValueError):
    """A file could not be read or written; the message names it and says why."""


def write_output(path: Path, text: str, force: bool = False) -> None:
    """Write `text` to `path` all or nothing (the store's atomic writer: temp file, fsync,
    rename). An existing file is replaced only when `force`; a folder, device or other
    non-regular file never."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise PublishFileError(f"{path}: {error.strerror}") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise PublishFileError(f"{path}: not a regular file; nothing written")
    if info is not None and not force:
        raise PublishFileError(f"{path} exists; use --force to replace it")
    if not path.parent.is_dir():
        raise PublishFileError(f"{path.parent}: no such folder; nothing written")

    def still_absent() -> None:
        # Under the writer's lock, just before the rename: a file that appeared since the
        # check above is not replaced without --force.
        if not force and os.path.lexists(path):
            raise FileExistsError(path)

    try:
        write_parts(path, [text.encode("utf-8")], before_replace=still_absent)
    except FileExistsError:
        message = f"{path} appeared while writing; use --force to replace it"
        raise PublishFileError(message) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise PublishFileError(f"{path}: {reason}; nothing written") from None


def read_radar(path: Path) -> str:
    """The text of a radar file: a regular file, not over MAX_RADAR_BYTES, UTF-8."""
    try:
        # Non-blocking open: a FIFO named by mistake must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with open(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise PublishFileError(f"{path}: not a regular file")
            data = handle.read(MAX_RADAR_BYTES + 1)
    except OSError as error:
        raise PublishFileError(f"{path}: {error.strerror or error}") from None
    if len(data) > MAX_RADAR_BYTES:
        raise PublishFileError(f"{path}: over {MAX_RADAR_BYTES // (1024 * 1024)} MiB")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise PublishFileError(f"{path}:{line}: not UTF-8 text") from None


def find_logos(folder: Path) -> dict[str, str]:
    """The SVG files directly in `folder`, by name (regular files only)."""
    found = {}
    try:
        with os.scandir(folder) as listing:
            for entry in listing:
                if entry.name.lower().endswith(".svg") and entry.is_file(follow_symlinks=True):
                    found[entry.name] = entry.name
    except OSError as error:
        raise PublishFileError(f"{folder}: {error.strerror or error}") from None
    return found
