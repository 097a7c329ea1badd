"""THE way a catalog's files (and the cache) are read: checked to be a regular file of a
sane size before a byte is read.

A FIFO opened for reading blocks until a writer comes, and a link to /dev/zero never
ends; a name in a catalog folder can be either. So a file is opened without blocking
(`O_NONBLOCK`, which changes nothing for a regular file), checked with `fstat` on that
same handle (no race with a rename between a check and the open), and only then read.
Every read and hash of a catalog file goes through here: the loader, the preview, the
cache, the disk watch and the store.
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# A tool file bigger than this is reported as too large rather than parsed. Generous:
# a catalog of 100,000 tools in one file is a few tens of megabytes.
MAX_FILE_BYTES = 128 << 20
DEFAULT = -1  # as a limit: MAX_FILE_BYTES as it is when called

_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


class NotARegularFile(OSError):
    """The name is a FIFO, a device, a socket or a folder, not a file to read."""


class FileTooLarge(OSError):
    """The file is over the size limit."""


def kind_of(mode: int) -> str:
    """What a non-regular file is, in a few words."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def is_regular(path: Path | str) -> bool:
    """True when `path` (links followed) is a regular file; never opens it."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


@contextmanager
def open_regular(path: Path | str, limit: int | None = DEFAULT) -> Iterator[io.FileIO]:
    """The regular file `path` (links followed) open for reading, unbuffered; closed on exit.

    Raises NotARegularFile or FileTooLarge (both OSErrors, with a `strerror` that says
    what is wrong) before any byte is read; other OSErrors as `os.open` raises them.
    `limit`: the largest size read (DEFAULT: MAX_FILE_BYTES; None: no limit).
    """
    if limit == DEFAULT:
        limit = MAX_FILE_BYTES
    fd = os.open(path, _FLAGS)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = kind_of(info.st_mode)
            raise NotARegularFile(0, f"not a regular file: it is {kind}", str(path))
        if limit is not None and info.st_size > limit:
            raise FileTooLarge(
                0,
                f"file too large ({info.st_size >> 20} MiB; the limit is {limit >> 20} MiB)",
                str(path),
            )
    except BaseException:
        os.close(fd)
        raise
    with os.fdopen(fd, "rb", buffering=0) as file:
        assert isinstance(file, io.FileIO)
        yield file


def read_regular(path: Path | str, limit: int | None = DEFAULT) -> bytes:
    """The bytes of the regular file `path`; see `open_regular` for what it refuses."""
    if limit == DEFAULT:
        limit = MAX_FILE_BYTES
    with open_regular(path, limit) as file:
        data = file.readall()
    if limit is not None and len(data) > limit:  # it grew while read
        raise FileTooLarge(0, f"file too large (over {limit >> 20} MiB)", str(path))
    return data


def read_regular_text(path: Path | str, limit: int | None = DEFAULT) -> str:
    """`read_regular` decoded as UTF-8 (a BOM dropped, bad bytes replaced): for pointing
    at lines, never for the values themselves."""
    return read_regular(path, limit).decode("utf-8-sig", errors="replace")
