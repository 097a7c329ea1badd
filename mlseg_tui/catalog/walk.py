"""THE folder walker: which files of a catalog folder are tool files, in which order, and
the stat stamps that let a later look skip what did not change.

The order is that of a sorted top-down `os.walk`: a folder's warnings, then its tool files
by name, then its subfolders by name. Hidden names are skipped. A link to a folder is
followed when it leads to a folder inside the catalog not walked yet; a link that leads
out of the catalog, round in a circle or to a folder already walked is skipped with a
warning. A link to a file is read as the file. The loader, the preview and the store's
check for added files all walk through here, so they always agree on what the catalog
holds.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from mlseg_tui.domain.model import Problem

SEGMENTS_FILE = "segments.toml"
# Deeper folders are skipped (reported): the walk recurses, and no catalog needs more.
MAX_FOLDER_DEPTH = 100
# A file whose mtime or ctime is this close to (or after) the moment it was read may still
# change without changing its signature: timestamps have a grain (the "racy git" problem).
RACY_NS = 2_000_000_000

# A file's stat signature: (mtime_ns, ctime_ns, size, inode, device).
Signature = tuple[int, int, int, int, int]
# A tool file found by the walk: its path relative to the root ("tools/x.toml"), its path,
# and its stat signature. A plain tuple: a big catalog has one per file.
ToolFile = tuple[str, Path, Signature]


def signature_of(info: os.stat_result) -> Signature:
    return (info.st_mtime_ns, info.st_ctime_ns, info.st_size, info.st_ino, info.st_dev)


def settled(signature: Signature, read_at_ns: int) -> bool:
    """True when a file of this signature, read after `read_at_ns`, cannot change later
    without changing its signature: its last change is older than the timestamps' grain."""
    return max(signature[0], signature[1]) < read_at_ns - RACY_NS


def stat_stamp(digest: str, signature: Signature) -> int:
    """One int standing for "a file of this signature holds bytes of this hash": kept for
    every file of a catalog, so an int rather than a tuple."""
    return hash((digest, *signature))


def folder_stamp(folder: Path, started_ns: int) -> int:
    """A folder's stat as one int: it changes whenever an entry is added, removed or renamed
    in the folder. 0 when the folder cannot be stat'ed, or changed too recently (after
    `started_ns` less the timestamps' grain) to vouch for a listing made after it."""
    try:
        info = os.stat(folder)
    except OSError:
        return 0
    signature = signature_of(info)
    return hash(signature) if settled(signature, started_ns) else 0


@dataclass
class Listing:
    """One folder of the walk: its tool file names, sorted, and its warnings."""

    folder: Path
    rel: str  # its path from the catalog root: "" or "a/b/"
    names: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def walk_folders(
    folder: Path, rel: str = "", folders: dict[Path, int] | None = None, started_ns: int = 0
) -> Iterator[Listing]:
    """The listing of `folder`, then of each subfolder down, in the walk's order.

    Names only, no stat of a file: a caller that wants the files' signatures asks for them
    one at a time (`walk_tool_files`). `folders`, when given, gets the `folder_stamp` of
    each folder walked, taken before it is listed (never after: a file added in between
    must change the stamp). An unreadable folder is skipped silently. `rel` is `folder`'s
    path from the catalog root, which bounds the links followed.
    """
    root = folder
    for _ in range(rel.count("/")):
        root = root.parent
    inside = _Inside(os.path.realpath(root))
    real = os.path.realpath(folder)
    inside.seen.add(real)
    yield from _walk(folder, rel, folders, started_ns, inside, real)


class _Inside:
    """The catalog's real path, and the real folders walked so far."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.seen: set[str] = set()

    def why_not(self, real: str, linked: bool) -> str | None:
        """Why the subfolder whose real path is `real` is not walked, or None to walk it."""
        if linked and real != self.root and not real.startswith(os.path.join(self.root, "")):
            return "a link to a folder outside the catalog is skipped"
        if real in self.seen:
            if linked:
                return "a link to a folder read already (or round in a circle) is skipped"
            return "a folder read already through a link is skipped"
        return None


def _walk(
    folder: Path,
    rel: str,
    folders: dict[Path, int] | None,
    started_ns: int,
    inside: _Inside,
    real_folder: str,
) -> Iterator[Listing]:
    if rel.count("/") >= MAX_FOLDER_DEPTH:
        problem = Problem(folder, 1, 1, f"folder nested over {MAX_FOLDER_DEPTH} deep; skipped")
        yield Listing(folder, rel, problems=[problem])
        return
    if folders is not None:
        folders[folder] = folder_stamp(folder, started_ns)
    subfolders: list[tuple[str, bool]] = []  # (name, is a link)
    listing = Listing(folder, rel)
    try:
        # Only names are kept: a DirEntry a file would cost a big catalog dearly.
        with os.scandir(folder) as entries:
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue
                try:
                    is_folder = entry.is_dir()
                except OSError:
                    is_folder = False
                if is_folder:
                    subfolders.append((name, _is_link(entry)))
                elif name.endswith(".toml") and (rel or name != SEGMENTS_FILE):
                    listing.names.append(name)  # or what looks like one: a link, a fifo
    except OSError:
        return
    subfolders.sort()
    listing.names.sort()
    for name, _ in subfolders:
        if name.endswith(".toml"):
            listing.problems.append(
                Problem(folder / name, 1, 1, "a folder named .toml is skipped", "warning")
            )
    followed: list[tuple[str, str]] = []  # (name, real path)
    for name, linked in subfolders:
        if name.endswith(".toml"):
            continue
        real = os.path.realpath(folder / name) if linked else os.path.join(real_folder, name)
        why = inside.why_not(real, linked)
        if why is not None:
            listing.problems.append(Problem(folder / name, 1, 1, why, "warning"))
            continue
        inside.seen.add(real)
        followed.append((name, real))
    yield listing
    for name, real in followed:
        yield from _walk(folder / name, f"{rel}{name}/", folders, started_ns, inside, real)


def walk_tool_files(
    folder: Path,
    rel: str = "",
    folders: dict[Path, int] | None = None,
    started_ns: int | None = None,
) -> Iterator[ToolFile | Problem]:
    """Every tool file from `folder` down with its signature, and the walk's problems, in
    the walk's order.

    Each file is stat'ed as it is handed out, not all up front: a file gone by then is
    reported in its place. Links are followed for files; anything but a regular file is
    reported and skipped.
    """
    started = time.time_ns() if started_ns is None else started_ns
    for listing in walk_folders(folder, rel, folders, started):
        yield from listing.problems
        child = listing.folder.joinpath
        # Each name stat'ed in its folder (an open handle), not by its whole path: the
        # kernel then looks up one name rather than every folder on the way.
        with _opened_folder(listing.folder) as handle:
            prefix = os.path.join(listing.folder, "") if handle is None else ""
            for name in listing.names:
                try:
                    info = os.stat(prefix + name, dir_fd=handle)
                except OSError:
                    info = None
                if info is None or not stat.S_ISREG(info.st_mode):
                    problem = "not a regular file (a broken link?); skipped"
                    yield Problem(child(name), 1, 1, problem)
                else:
                    signature = (
                        info.st_mtime_ns,
                        info.st_ctime_ns,
                        info.st_size,
                        info.st_ino,
                        info.st_dev,
                    )  # signature_of(info), inline: this runs for every file
                    yield (listing.rel + name, child(name), signature)


@contextmanager
def _opened_folder(folder: Path) -> Iterator[int | None]:
    """A handle on `folder` to stat its files by name, closed on exit; None where the
    platform or the folder does not allow it (the files are stat'ed by path then)."""
    if os.stat not in os.supports_dir_fd:
        yield None
        return
    try:
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        yield None
        return
    try:
        yield handle
    finally:
        os.close(handle)


def _is_link(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_symlink()
    except OSError:
        return False
