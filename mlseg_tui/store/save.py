"""Writing moves back to the catalog's files: every byte written to a catalog goes through here.

A save is surgical. Only files holding changed tools are rewritten, and in them only the
changed tools' tables are edited (`tool_text` does the text work); a BOM and the file's
other tools keep their exact bytes. The byte offsets of each file's `[[tools]]` headers
are remembered between saves, keyed by the file's hash, so a save of a big file needs
neither a full scan nor a full parse.

Files are replaced atomically (temp file, fsync, rename) and never when they changed on
disk since they were loaded or last saved, unless the caller asks to overwrite.
"""

from __future__ import annotations

import bisect
import contextlib
import dataclasses
import errno
import hashlib
import os
import re
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; see _replace_lock
    fcntl = None  # type: ignore[assignment]

from mlseg_tui.catalog.clashes import check_unique_keys
from mlseg_tui.catalog.digest import file_hash, hash_or_empty
from mlseg_tui.catalog.parse import load_tool_file
from mlseg_tui.catalog.source import UTF8_BOM, SourceText
from mlseg_tui.catalog.walk import (
    SEGMENTS_FILE,
    folder_stamp,
    settled,
    signature_of,
    stat_stamp,
    walk_tool_files,
)
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.domain.model import Catalog, Problem, Tool
from mlseg_tui.store.tool_text import (
    EditError,
    ScanError,
    careful_offsets,
    edit_whole_file,
    indexes_by_name,
    quick_offsets,
    tool_replacements,
)

# ---------------------------------------------------------------------------- reports


@dataclass
class SaveReport:
    """What one save did, file by file."""

    written: list[Path] = field(default_factory=list)  # files rewritten
    saved_tools: list[Tool] = field(default_factory=list)
    conflicts: list[Path] = field(default_factory=list)  # changed on disk: NOT written
    failures: list[tuple[Path, str]] = field(default_factory=list)  # path, why: NOT written
    # Files written with overwrite whose other tools were then re-read from disk.
    reloaded: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # found while re-reading those

    @property
    def ok(self) -> bool:
        return not self.conflicts and not self.failures

    def summary(self) -> str:
        """One line, such as "3 tools saved to 2 files" or "nothing to save"."""
        parts = []
        if self.written:
            parts.append(
                f"{_count(len(self.saved_tools), 'tool')} saved to "
                f"{_count(len(self.written), 'file')}"
            )
        if self.conflicts:
            parts.append(
                f"{_count(len(self.conflicts), 'file')} changed on disk, not saved: "
                + ", ".join(path.name for path in self.conflicts)
            )
        for path, reason in self.failures:
            parts.append(f"could not save {path}: {reason}")
        return "; ".join(parts) if parts else "nothing to save"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


_ERROR_REASONS = {
    errno.ENOSPC: "disk full",
    errno.EDQUOT: "disk quota exceeded",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "read-only file system",
    errno.ENOENT: "file or folder not found",
    errno.EISDIR: "is a folder",
    errno.EIO: "input/output error",
}


def describe_error(error: OSError) -> str:
    """A short human reason for a failed read or write."""
    if error.errno in _ERROR_REASONS:
        return _ERROR_REASONS[error.errno]
    return (error.strerror or str(error) or type(error).__name__).lower()


# ---------------------------------------------------------------------------- one file

# Per file: (hash of its bytes, byte offsets of its `[[tools]]` headers after any BOM).
_layouts: dict[Path, tuple[str, list[int]]] = {}


def _confirm(catalog: Catalog, path: Path, digest: str, info: os.stat_result, read_at: int) -> None:
    """Note that `path`, as `info` shows it, holds bytes of hash `digest` (read after
    `read_at`), so checks skip reading it while its stat stays the same. Not for a file
    changed too recently: another same-size write could then keep the same stat."""
    signature = signature_of(info)
    if settled(signature, read_at):
        catalog.file_stamps[path] = stat_stamp(digest, signature)
    else:
        catalog.file_stamps.forget(path)


def _loaded_count(catalog: Catalog, path: Path, expected: int) -> int:
    """How many of the catalog's tools came from `path`."""
    # The loader shares one Path object per file, so identity is a quick first try.
    count = sum(1 for tool in catalog.tools if tool.source.path is path)
    if count != expected:
        count = sum(1 for tool in catalog.tools if tool.source.path == path)
    return count


def _edit_body(
    body: bytes, digest: str, path: Path, tools: list[Tool], catalog: Catalog, by_name: bool
) -> tuple[list[tuple[int, int, bytes]], list[int] | None]:
    """The replacements (start, end, new bytes) that save `tools` into `body`, and the
    header offsets of the result when they are known cheaply.

    `by_name`: find each tool by its name when its loaded position no longer holds it
    (the file changed on disk and the caller chose to overwrite).
    """
    try:
        cached = _layouts.get(path)
        careful = False
        if cached is not None and cached[0] == digest:
            offsets = cached[1]
        else:
            offsets = quick_offsets(body)
            if len(offsets) != _loaded_count(catalog, path, len(offsets)):
                offsets, careful = careful_offsets(body), True
        replacements = tool_replacements(body, offsets, tools)
        if replacements is None and not careful:
            offsets = careful_offsets(body)
            replacements = tool_replacements(body, offsets, tools)
        if replacements is None and by_name:
            replacements = tool_replacements(body, offsets, tools, indexes_by_name(body))
    except ScanError:
        replacements = None
    if replacements is None:
        # No `[[tools]]` headers to follow (say, a `tools = [...]` array): use tomlkit.
        return [edit_whole_file(body, tools, by_name)], None
    # Headers after each edited span move by the size changes of the spans before them.
    shifted: list[int] = []
    delta = done = 0
    for start, end, replacement in replacements:
        cut = bisect.bisect_left(offsets, end)
        shifted += offsets[done:cut] if delta == 0 else [o + delta for o in offsets[done:cut]]
        delta += len(replacement) - (end - start)
        done = cut
    shifted += [offset + delta for offset in offsets[done:]]
    return replacements, shifted


class _Conflict(Exception):
    """The file changed on disk since it was loaded or last saved."""


# Per big file: the hash and bytes of our last write to it. Comparing the file with
# them (a memcmp) proves it unchanged faster than hashing it again.
_big_files: dict[Path, tuple[str, bytes]] = {}
# Files over this size are not copied into `_big_files`: at 100k tools in one file the
# copy would hold 43 MB for the life of the app, and hashing it on a thread costs less.
KEEP_COPY_MAX_BYTES = 16 << 20
# Files at least this big are hashed on another thread (hashlib releases the GIL), so
# the hash of the old bytes and of the new ones overlap the edit, the write and fsync.
BACKGROUND_HASH_BYTES = 1 << 20


class _Hash:
    """The loader's `file_hash` of some bytes, computed on a thread when they are big."""

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
    def known(cls, digest: str | None) -> _Hash:
        done = cls([])
        done._digest = digest
        return done

    def _run(self) -> None:
        hasher = hashlib.blake2b(digest_size=16)  # as loader.file_hash
        for part in self._parts:
            hasher.update(part)
        self._digest = hasher.hexdigest()

    def result(self) -> str:
        if self._thread is not None:
            self._thread.join()
        if self._digest is None:  # the thread died: hash here
            self._run()
        assert self._digest is not None
        return self._digest


def _save_file(
    catalog: Catalog, path: Path, tools: list[Tool], overwrite: bool, report: SaveReport
) -> bool:
    """Write `tools` into `path`; report what happened; True when the file was written.

    Unless overwriting, the file is edited as though it still held the bytes last seen
    (`catalog.file_hashes`), while their hash is checked on the side; a mismatch stops
    the write before the rename, so a changed file is never replaced.
    """
    started = time.time_ns()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        if overwrite:
            report.failures.append((path, "the file was deleted; reload to drop its tools"))
        else:
            report.conflicts.append(path)
        return False
    except OSError as error:
        report.failures.append((path, describe_error(error)))
        return False
    expected = catalog.file_hashes.get(path)
    kept = _big_files.get(path)
    if kept is not None and kept[0] == expected and kept[1] == data:
        old_hash = _Hash.known(expected)  # the very bytes we wrote: no need to hash them
    else:
        old_hash = _Hash([data])
    if overwrite:
        expected = old_hash.result()

    def unchanged() -> None:
        if old_hash.result() != expected:
            raise _Conflict
        # Another writer may have replaced the file since `data` was read: compare again
        # now, under the replace lock, so its save is never overwritten unseen.
        try:
            if path.read_bytes() != data:
                raise _Conflict
        except FileNotFoundError:
            raise _Conflict from None

    bom = UTF8_BOM if data.startswith(UTF8_BOM) else b""
    body = memoryview(data)[len(bom) :]
    try:
        replacements, offsets = _edit_body(
            bytes(body) if bom else data, expected or "", path, tools, catalog, overwrite
        )
        parts: list[bytes | memoryview] = [bom] if bom else []
        done = 0
        for start, end, replacement in replacements:
            parts += [body[done:start], replacement]
            done = end
        parts.append(body[done:])
        if len(data) >= BACKGROUND_HASH_BYTES:
            parts = [b"".join(parts)]  # kept to compare with at the next save
        new_hash = _Hash(parts)
        written = _atomic_write_parts(path, parts, before_replace=unchanged)
    except _Conflict:
        report.conflicts.append(path)
        return False
    except EditError as error:
        if old_hash.result() != expected:  # it failed on bytes changed behind our back
            report.conflicts.append(path)
        else:
            report.failures.append((path, f"cannot edit safely: {error}"))
        return False
    except OSError as error:
        report.failures.append((path, describe_error(error)))
        return False
    new_digest = new_hash.result()
    catalog.file_hashes[path] = new_digest
    if len(parts) == 1 and BACKGROUND_HASH_BYTES <= len(parts[0]) <= KEEP_COPY_MAX_BYTES:
        _big_files[path] = (new_digest, bytes(parts[0]))
    else:
        _big_files.pop(path, None)
    _confirm(catalog, path, new_digest, written, started)
    if offsets is not None:
        _layouts[path] = (new_digest, offsets)
    else:
        _layouts.pop(path, None)
    report.written.append(path)
    report.saved_tools.extend(tools)
    return True


# ---------------------------------------------------------------------------- public API


def save(catalog: Catalog, session: EditSession, overwrite: Collection[Path] = ()) -> SaveReport:
    """Write every file holding a changed tool; skip (and report) files changed on disk.

    Files in `overwrite` are written even though they changed on disk: the changed
    tools' values go into the file as it is now, and the file's other tools are then
    re-read from it, so memory matches the disk again.
    """
    report = SaveReport()
    by_file: dict[Path, list[Tool]] = {}
    for tool in session.dirty_tools():
        by_file.setdefault(tool.source.path, []).append(tool)
    overwrite = set(overwrite)
    for path, tools in by_file.items():
        forced = path in overwrite
        if _save_file(catalog, path, tools, forced, report):
            session.mark_saved(tools)
            if forced:
                report.problems += _refresh(catalog, session, path, keep=tools)
                report.reloaded.append(path)
    return report


def reload_file(catalog: Catalog, session: EditSession, path: Path) -> list[Problem]:
    """Re-read one tool file, dropping its tools' pending changes; returns its problems.

    Tools still in the file keep their Tool objects (matched by name, else position),
    updated in place, so references held elsewhere stay valid; tools gone from the file
    leave `catalog.tools` and new ones join it.
    """
    return _refresh(catalog, session, path, keep=())


def _refresh(
    catalog: Catalog, session: EditSession, path: Path, keep: Collection[Tool]
) -> list[Problem]:
    problems: list[Problem] = []
    old_tools = [tool for tool in catalog.tools if tool.source.path == path]
    started = time.time_ns()
    before = _stat_or_none(path)
    if before is None:
        fresh: list[Tool] = []
        digest = None
        problems.append(Problem(path, 1, 1, "the file no longer exists", "warning"))
    else:
        fresh, digest = load_tool_file(path, set(catalog.segment_ids()), problems)
        fresh = _unique_tools(catalog, path, fresh, problems)
    merged = _merge_in_place(old_tools, fresh)
    first = next((i for i, t in enumerate(catalog.tools) if t.source.path == path), None)
    others = [tool for tool in catalog.tools if tool.source.path != path]
    at = len(others) if first is None else first
    # Update the list in place: the UI may hold it.
    catalog.tools[:] = others[:at] + merged + others[at:]
    if digest is None:
        catalog.file_hashes.pop(path, None)
        catalog.file_stamps.forget(path)
    else:
        catalog.file_hashes[path] = digest
        if before is not None:
            _confirm(catalog, path, digest, before, started)
    kept = set(keep)
    session.forget(tool for tool in old_tools if tool not in kept)
    session.placement.refresh()  # the tool list changed
    return problems


def _unique_tools(
    catalog: Catalog, path: Path, fresh: list[Tool], problems: list[Problem]
) -> list[Tool]:
    """`fresh` without tools whose name or alias another file's tool already uses."""
    fresh = check_unique_keys(fresh, problems)
    owners = {
        key.casefold(): tool
        for tool in catalog.tools
        if tool.source.path != path
        for key in tool.keys
    }
    kept = []
    lines: SourceText | None = None
    for tool in fresh:
        clash = next((key for key in tool.keys if key.casefold() in owners), None)
        if clash is None:
            kept.append(tool)
            continue
        if lines is None:
            try:
                text = path.read_text(encoding="utf-8-sig", errors="replace")
            except OSError:
                text = ""  # gone since it was parsed: the problem points at line 1
            lines = SourceText(path, text)
        owner = owners[clash.casefold()]
        problems.append(
            Problem(
                path,
                lines.tool_line(tool.source.index),
                1,
                f"{clash!r} is already used by {owner.name!r} ({owner.source.path}); "
                f"tool {tool.name!r} skipped",
            )
        )
    return kept


def _merge_in_place(old_tools: list[Tool], fresh: list[Tool]) -> list[Tool]:
    """`fresh`, with each tool that matches an old one (by name, else by position) put
    into that old Tool object instead."""
    by_name = {tool.name.casefold(): tool for tool in old_tools}
    by_index = {tool.source.index: tool for tool in old_tools}
    used: set[Tool] = set()
    chosen: list[Tool | None] = []
    for tool in fresh:
        match = by_name.get(tool.name.casefold())
        if match is not None and match not in used:
            used.add(match)
        else:
            match = None
        chosen.append(match)
    for number, tool in enumerate(fresh):
        if chosen[number] is None:
            match = by_index.get(tool.source.index)
            if (
                match is not None
                and match not in used
                and match.name.casefold() not in {t.name.casefold() for t in fresh}
            ):
                used.add(match)
                chosen[number] = match
    merged = []
    for tool, match in zip(fresh, chosen, strict=True):
        if match is None:
            merged.append(tool)
            continue
        for item in dataclasses.fields(Tool):
            setattr(match, item.name, getattr(tool, item.name))
        merged.append(match)
    return merged


def _stat_or_none(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None


def prepare(catalog: Catalog) -> None:
    """Optionally warm what the first save of each big tool file needs, after a load.

    Without it, a first save of a many-tool file hashes and searches the whole file once
    (tens of ms at 10k tools); later saves are faster. Safe on a worker thread.
    """
    for path, digest in list(catalog.file_hashes.items()):
        started = time.time_ns()
        before = _stat_or_none(path)
        if before is None or before.st_size < BACKGROUND_HASH_BYTES:
            continue
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if file_hash(data) != digest:
            continue  # changed since the load: a save will report it
        if len(data) <= KEEP_COPY_MAX_BYTES:
            _big_files[path] = (digest, data)
        _confirm(catalog, path, digest, before, started)
        body = data[len(UTF8_BOM) :] if data.startswith(UTF8_BOM) else data
        offsets = quick_offsets(body)
        if len(offsets) != _loaded_count(catalog, path, len(offsets)):
            try:
                offsets = careful_offsets(body)  # about 1 s at 10k tools
            except (ScanError, EditError):
                continue
        _layouts[path] = (digest, offsets)


def changed_on_disk(catalog: Catalog) -> list[Path]:
    """Tool files whose bytes differ from the loaded or last saved ones, or that vanished.

    Cheap when nothing changed: a file is read and hashed (a piece at a time) only when
    its stat differs from the one its hash was last proven under (`catalog.file_stamps`,
    filled by the load). Safe on a thread: it only gets and sets single stamps.
    """
    changed = []
    with _FolderStats() as stat_of:
        for path, digest, stamp in catalog.file_stamps.with_digests(catalog.file_hashes):
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
                _confirm(catalog, path, digest, now, started)
            else:
                changed.append(path)
    return changed


def added_files(catalog: Catalog) -> tuple[list[Path], dict[Path, int]]:
    """Tool files in the catalog's folders that it does not hold (added since the load, say
    by a `git pull`), and the folder stamps to remember (`Catalog.folder_stamps`) once the
    caller has taken note of them.

    One stat a folder while no folder changed; a changed one is walked again, down. Only
    reads: safe on a thread.
    """
    fresh: dict[Path, int] = {}
    added: list[Path] = []
    root = catalog.root
    for folder, stamp in list(catalog.folder_stamps.items()):  # parents before children
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
            if not isinstance(item, Problem) and item[1] not in catalog.file_hashes:
                added.append(item[1])
    return added, fresh


def segments_changed(catalog: Catalog) -> bool:
    """True when segments.toml no longer holds the bytes the catalog was loaded from
    (never for a catalog that was not loaded from a folder: it has no hash to compare)."""
    if not catalog.segments_hash:
        return False
    return hash_or_empty(catalog.root / SEGMENTS_FILE) != catalog.segments_hash


HASH_PIECE_BYTES = 1 << 20


def hash_file(path: Path) -> str:
    """`loader.file_hash` of the file's bytes, read a piece at a time: a 43 MB file costs
    1 MiB of memory, not 43."""
    hasher = hashlib.blake2b(digest_size=16)
    piece = bytearray(HASH_PIECE_BYTES)
    view = memoryview(piece)
    with open(path, "rb", buffering=0) as file:
        while size := file.readinto(piece):
            hasher.update(view[:size])
    return hasher.hexdigest()


class _FolderStats:
    """`os.stat` of many files, each through an open handle on its folder and its name.

    `os.stat(path)` makes a `Path` keep its string: ~13 MB more for good at 100k files.
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


def atomic_write(path: Path, data: bytes) -> None:
    """Replace the file at `path` with `data`, all or nothing.

    Writes a hidden temp file (`.NAME.*.tmp`) in the same folder, fsyncs it, gives it
    the original's permission bits, renames it over the original and fsyncs the folder.
    A symlink is written through: its target is replaced, the link kept. On failure
    the temp file is removed, the original is untouched, and the OSError propagates.

    A failed fsync of the folder, after the rename, is not a failure: the new file is
    already in place and the old bytes are gone, so "not saved" would be false; only
    the rename's durability across a power cut is unconfirmed.
    """
    _atomic_write_parts(Path(path), [data])


def _atomic_write_parts(
    path: Path,
    parts: Sequence[bytes | memoryview],
    before_replace: Callable[[], None] | None = None,
) -> os.stat_result:
    """atomic_write of the concatenated `parts`; the stat of the new file.

    `before_replace` runs once the temp file is durable; if it raises, the temp file is
    removed and the original left as it was.
    """
    target = Path(os.path.realpath(path))
    folder = target.parent
    try:
        original = os.stat(target)
        mode = stat.S_IMODE(original.st_mode)
    except FileNotFoundError:
        original = None
        mode = 0o666 & ~_umask()
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
    _remove_stale_temps(folder)
    return written


# Temp files of saves that died (killed, power cut) before their rename: hidden, so the
# loader skips them, but they would clutter `git status`. Older than this, no live save
# can still own one (a save writes, fsyncs and renames within seconds).
STALE_TEMP_SECONDS = 600
_STALE_TEMP_NAME = re.compile(r"\..+\.toml\.[a-z0-9_]{8}\.tmp")  # as mkstemp names ours
_swept_folders: set[str] = set()


def _remove_stale_temps(folder: Path) -> None:
    """Remove stale temp files of ours from `folder`, once per folder per process."""
    key = str(folder)
    if key in _swept_folders:
        return
    _swept_folders.add(key)
    cutoff = time.time() - STALE_TEMP_SECONDS
    with contextlib.suppress(OSError), os.scandir(folder) as listing:
        for entry in listing:
            if not _STALE_TEMP_NAME.fullmatch(entry.name):
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                    os.unlink(entry.path)


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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
