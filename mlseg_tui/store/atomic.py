"""Replacing a file all or nothing: temp file, fsync, rename under a lock, folder fsync.

Also the sweep of temp files that killed saves left behind.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; see _replace_lock
    fcntl = None  # type: ignore[assignment]


def read_umask() -> int:
    """The process's umask, read without changing it where the system tells it."""
    with contextlib.suppress(OSError, ValueError), open("/proc/self/status") as status:
        for line in status:
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    # Elsewhere the only way is to set it and set it back: done once, at import.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# Read once: setting the umask to read it would race with other threads creating files.
UMASK = read_umask()


def write_parts(
    path: Path,
    parts: Sequence[bytes | memoryview],
    before_replace: Callable[[], None] | None = None,
    swept: set[Path] | None = None,
    sweep_inside: Path | None = None,
) -> os.stat_result:
    """Replace the file at `path` with the concatenated `parts`, all or nothing; the stat
    of the new file.

    Writes a hidden temp file (`.NAME.*.tmp`) in the same folder, fsyncs it, gives it
    the original's permission bits, renames it over the original and fsyncs the folder.
    A symlink is written through: its target is replaced, the link kept. On failure
    the temp file is removed, the original is untouched, and the OSError propagates.
    `before_replace` runs once the temp file is durable, under the replace lock; if it
    raises, the temp file is removed and the original left as it was. `swept`: the
    folders already cleared of stale temp files; the target's folder is swept once, and
    only when it lies inside `sweep_inside` (the catalog: a linked tool file's folder
    elsewhere is someone else's).

    A failed fsync of the folder, after the rename, is not a failure: the new file is
    already in place and the old bytes are gone, so "not saved" would be false; only
    the rename's durability across a power cut is unconfirmed.
    """
    target = Path(os.path.realpath(path))
    folder = target.parent
    try:
        original = os.stat(target)
        mode = stat.S_IMODE(original.st_mode)
    except FileNotFoundError:
        original = None
        mode = 0o666 & ~UMASK
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        try:
            for part in parts:
                view = memoryview(part)
                while view:
                    view = view[os.write(fd, view) :]
            os.fchmod(fd, mode)
            if original is not None and os.geteuid() == 0:
                os.fchown(fd, original.st_uid, original.st_gid)
            os.fsync(fd)
            written = os.fstat(fd)
        finally:
            os.close(fd)
        with _replace_lock(folder):
            if before_replace is not None:
                before_replace()
            os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _fsync_folder(folder)
    if swept is not None and folder not in swept:
        swept.add(folder)
        if sweep_inside is not None and _is_inside(folder, sweep_inside):
            remove_stale_temps(folder)
    return written


def _is_inside(folder: Path, root: Path) -> bool:
    real_root = os.path.realpath(root)
    real = os.path.realpath(folder)
    return real == real_root or real.startswith(os.path.join(real_root, ""))


@contextlib.contextmanager
def _replace_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on `folder` between a save's last check of a file
    and its rename, so two mlseg-tui processes saving the same file cannot both pass the
    check: the second sees the first's bytes and reports a conflict. Best effort: where
    folders cannot be locked, the check and the rename still follow each other closely.
    """
    fd = None
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        if fd is not None and fcntl is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        if fd is not None:
            os.close(fd)  # closing releases the lock


def _fsync_folder(folder: Path) -> None:
    # Makes the rename durable. Best effort: the new file is already in place, and
    # some file systems refuse to fsync a folder.
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


# Temp files of saves that died (killed, power cut) before their rename: hidden, so the
# loader skips them, but they would clutter `git status`. Older than this, no live save
# can still own one (a save writes, fsyncs and renames within seconds).
STALE_TEMP_SECONDS = 600
STALE_TEMP_NAME = re.compile(r"\..+\.toml\.[a-z0-9_]{8}\.tmp")  # as mkstemp names ours


def remove_stale_temps(folder: Path) -> None:
    """Remove stale temp files of ours from `folder`, and nothing else."""
    cutoff = time.time() - STALE_TEMP_SECONDS
    with contextlib.suppress(OSError), os.scandir(folder) as listing:
        for entry in listing:
            if not STALE_TEMP_NAME.fullmatch(entry.name):
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                    os.unlink(entry.path)
