"""Replacing a file all or nothing: temp file, fsync, rename under a lock, folder fsync.

Also the sweep of temp files that killed saves left behind.
"""

from __future__ import annotations

import contextlib
import errno
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


# How long a save waits for another process's lock on a folder before it gives up (the
# file untouched, the moves still pending): a save holds it for a rename, so a longer
# hold is a stuck or foreign process.
LOCK_WAIT_SECONDS = 5.0
LOCK_POLL_SECONDS = 0.05


class LockTimeout(OSError):
    """Another process held the folder's lock for longer than LOCK_WAIT_SECONDS."""


# Where a file system cannot hard-link, a new file is renamed into place instead, after a
# check under the folder lock that nothing is there (other mlseg-tui saves take the lock).
_NO_LINK = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EMLINK}


def create_parts(
    path: Path,
    parts: Sequence[bytes | memoryview],
    swept: set[Path] | None = None,
    sweep_inside: Path | None = None,
) -> os.stat_result:
    """Create the file `path` holding the concatenated `parts`, all or nothing, never
    replacing anything: FileExistsError when `path` exists (a dangling symlink too).

    Writes a hidden temp file in the folder (made if missing), fsyncs it, hard-links it
    to `path` under the folder's lock (a link fails where a name exists), removes the
    temp name and fsyncs the folder. On failure nothing is left but what was there.
    `swept` and `sweep_inside` as for `write_parts`.
    """
    folder = Path(os.path.realpath(path.parent))
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        try:
            for part in parts:
                view = memoryview(part)
                while view:
                    view = view[os.write(fd, view) :]
            os.fchmod(fd, 0o666 & ~UMASK)
            os.fsync(fd)
            written = os.fstat(fd)
        finally:
            os.close(fd)
        with _replace_lock(folder):
            try:
                os.link(temp_name, target)
            except OSError as error:
                if error.errno not in _NO_LINK:
                    raise
                if os.path.lexists(target):
                    raise FileExistsError(errno.EEXIST, "file exists", str(target)) from None
                os.rename(temp_name, target)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
    _fsync_folder(folder)
    if swept is not None and folder not in swept:
        swept.add(folder)
        if sweep_inside is not None and _is_inside(folder, sweep_inside):
            remove_stale_temps(folder)
    return written


def remove_file(path: Path, before_remove: Callable[[], None] | None = None) -> None:
    """Delete the catalog file `path` (a symlink itself, not its target) under the
    folder's lock, after `before_remove` (which may raise to keep it), and fsync the
    folder so the deletion lasts."""
    folder = Path(os.path.realpath(path.parent))
    with _replace_lock(folder):
        if before_remove is not None:
            before_remove()
        os.unlink(path)
    _fsync_folder(folder)


@contextlib.contextmanager
def _replace_lock(folder: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on `folder` between a save's last check of a file
    and its rename, so two mlseg-tui processes saving the same file cannot both pass the
    check: the second sees the first's bytes and reports a conflict. Best effort: where
    folders cannot be locked, the check and the rename still follow each other closely.
    Waits at most LOCK_WAIT_SECONDS, then raises LockTimeout naming the holder when
    the system tells it.
    """
    fd = None
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        if fd is not None and fcntl is not None:
            _lock_within(fd, folder)
        yield
    finally:
        if fd is not None:
            os.close(fd)  # closing releases the lock


def _lock_within(fd: int, folder: Path) -> None:
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                holder = lock_holder(folder)
                by = f" by {holder}" if holder else " by another process"
                raise LockTimeout(
                    0,
                    f"the folder is locked{by}; waited {LOCK_WAIT_SECONDS:g} s",
                    str(folder),
                ) from None
            time.sleep(LOCK_POLL_SECONDS)
        except OSError:
            return  # a file system without flock: best effort, as documented


def lock_holder(folder: Path) -> str:
    """ "process PID (NAME)" holding a lock on `folder`, from /proc/locks; "" when the
    system does not say (not Linux, or the holder is gone)."""
    try:
        info = os.stat(folder)
        with open("/proc/locks", encoding="ascii", errors="replace") as locks:
            rows = locks.read().splitlines()
    except OSError:
        return ""
    # "1: FLOCK  ADVISORY  WRITE 4242 08:01:131090 0 EOF": the device as hex major:minor.
    where = f"{os.major(info.st_dev):02x}:{os.minor(info.st_dev):02x}:{info.st_ino}"
    for row in rows:
        fields = row.split()
        if "->" in fields:  # a waiter, not the holder
            continue
        if len(fields) >= 6 and fields[5] == where and fields[4].isdigit():
            pid = int(fields[4])
            if pid == os.getpid():
                continue  # our own waiting handle can show too
            try:
                with open(f"/proc/{pid}/comm", encoding="utf-8", errors="replace") as comm:
                    name = comm.read().strip()
            except OSError:
                name = ""
            return f"process {pid} ({name})" if name else f"process {pid}"
    return ""


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
