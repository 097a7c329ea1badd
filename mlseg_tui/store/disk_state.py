"""What the store knows of the catalog's files on disk: the bytes each tool file was last
loaded or saved with (as a hash), the stats that prove those bytes still there, the
folders' stamps, and what speeds up the next save of a file.

One `DiskState` belongs to one `CatalogStore`: nothing here is process-wide.
"""

from __future__ import annotations

import os
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from mlseg_tui.catalog.load import LoadedFiles
from mlseg_tui.catalog.walk import settled, signature_of, stat_stamp
from mlseg_tui.store.value_texts import ValueTexts


class FileStamps:
    """Tool files' stat stamps: the load's in two flat columns, in load order, and later
    ones (from saves, reloads, checks) in a small dict.

    Two columns hold a big catalog's stamps in far less memory than a dict would.
    A stamp is never 0 (0 marks "none" in the columns); one that is 0 counts as none.
    """

    def __init__(self, paths: list[Path] | None = None, stamps: array[int] | None = None) -> None:
        self._paths = paths if paths is not None else []
        self._stamps = stamps if stamps is not None else array("q")
        self._later: dict[Path, int] = {}

    def __setitem__(self, path: Path, stamp: int) -> None:
        self._later[path] = stamp

    def forget(self, path: Path) -> None:
        self._later[path] = 0

    def with_digests(self, hashes: Mapping[Path, str]) -> Iterator[tuple[Path, str, int | None]]:
        """Each file of `hashes` once: its path, its digest and its stamp (None for none)."""
        later = self._later
        covered = 0
        for path, stamp in zip(self._paths, self._stamps, strict=True):
            digest = hashes.get(path)
            if digest is None:
                continue
            covered += 1
            if later:
                stamp = later.get(path, stamp)
            yield path, digest, stamp or None
        if covered < len(hashes):
            loaded = set(self._paths)
            for path, digest in hashes.items():
                if path not in loaded:
                    yield path, digest, later.get(path) or None


@dataclass
class DiskState:
    """The disk as the store last saw it, for one loaded catalog."""

    # Content hash of every tool file as loaded or last saved: a save checks it first.
    hashes: dict[Path, str] = field(default_factory=dict)
    # Per tool file: the stat stamp (stat_stamp) under which its bytes were last proven
    # to hash to `hashes[path]`, so a check for outside edits can skip reading it.
    stamps: FileStamps = field(default_factory=FileStamps)
    # Per folder walked: its stamp (folder_stamp) when its files were listed, so a check
    # for added files lists only folders whose stamp changed.
    folders: dict[Path, int] = field(default_factory=dict)
    # Hash of segments.toml's bytes as loaded ("" when unread), to notice it change.
    segments_hash: str = ""
    # Per file: (hash of its bytes, byte offsets of its `[[tools]]` headers after any
    # BOM), so a save of a big file needs neither a full scan nor a full parse.
    layouts: dict[Path, tuple[str, list[int]]] = field(default_factory=dict)
    # Per big file: the hash and bytes of our last write to it. Comparing the file with
    # them (a memcmp) proves it unchanged faster than hashing it again.
    big_files: dict[Path, tuple[str, bytes]] = field(default_factory=dict)
    # Folders whose stale temp files were removed (once each).
    swept: set[Path] = field(default_factory=set)
    # How values were written before a save replaced them (see ValueTexts).
    value_texts: ValueTexts = field(default_factory=ValueTexts)

    @classmethod
    def from_load(cls, files: LoadedFiles) -> DiskState:
        """The disk as a load saw it. The load's record is taken over, not copied: for a
        big catalog a copy would double what it costs."""
        stamps = FileStamps(files.stamp_paths, files.stamps)
        return cls(files.hashes, stamps, files.folders, files.segments_hash)

    def confirm(self, path: Path, digest: str, info: os.stat_result, read_at: int) -> None:
        """Note that `path`, as `info` shows it, holds bytes of hash `digest` (read after
        `read_at`), so checks skip reading it while its stat stays the same. Not for a file
        changed too recently: another same-size write could then keep the same stat."""
        signature = signature_of(info)
        if settled(signature, read_at):
            self.stamps[path] = stat_stamp(digest, signature)
        else:
            self.stamps.forget(path)

    def forget(self, path: Path) -> None:
        """`path` is no longer a tool file of the catalog (it vanished)."""
        self.hashes.pop(path, None)
        self.stamps.forget(path)
        self.layouts.pop(path, None)
        self.big_files.pop(path, None)
