"""The store of one loaded catalog: the only way the layers above write to it or look at
its files again (saves, reloads of tool files, checks for outside changes)."""

from __future__ import annotations

from collections.abc import Collection, KeysView, Sequence
from pathlib import Path

from mlseg_tui.catalog.load import LoadResult
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.domain.model import Catalog, Problem
from mlseg_tui.store.disk_check import added_files, changed_on_disk, segments_changed
from mlseg_tui.store.disk_state import DiskState
from mlseg_tui.store.reload import reload_files
from mlseg_tui.store.report import SaveReport
from mlseg_tui.store.save import recreate_file, save_changes


class CatalogStore:
    """Saves, reloads and disk checks for the catalog of one load, and what it knows of
    the catalog's files (`disk`)."""

    def __init__(self, result: LoadResult) -> None:
        if result.catalog is None:
            raise ValueError("the catalog could not be loaded")
        self.catalog: Catalog = result.catalog
        self.disk = DiskState.from_load(result.files)

    # --- writing ------------------------------------------------------------------------

    def save(self, session: EditSession, overwrite: Collection[Path] = ()) -> SaveReport:
        """Write every file holding a changed tool; files changed on disk are reported, not
        written, unless in `overwrite` (then their other tools are re-read afterwards)."""
        return save_changes(self.catalog, self.disk, session, overwrite)

    def recreate(self, session: EditSession, path: Path) -> SaveReport:
        """Write the deleted tool file `path` again, holding its tools as memory has them
        (their pending moves saved with them); never over a file that exists again."""
        return recreate_file(self.catalog, self.disk, session, path)

    def reload_file(self, session: EditSession, path: Path) -> list[Problem]:
        """Re-read one tool file, dropping its tools' pending changes; its problems."""
        return self.reload_files(session, [path])

    def reload_files(self, session: EditSession, paths: Sequence[Path]) -> list[Problem]:
        """Re-read tool files, dropping their tools' pending changes; their problems. One
        call for many files goes over the catalog's tools once, not once a file."""
        return reload_files(self.catalog, self.disk, session, paths).problems

    # --- looking at the disk ------------------------------------------------------------

    def snapshot(self) -> dict[Path, str]:
        """Each tool file's content hash as last loaded or saved."""
        return dict(self.disk.hashes)

    def file_count(self) -> int:
        return len(self.disk.hashes)

    @property
    def files(self) -> KeysView[Path]:
        """The catalog's tool files as last loaded or saved (a live view, for `in`)."""
        return self.disk.hashes.keys()

    @property
    def folders(self) -> KeysView[Path]:
        """The folders the load walked for tool files (a live view, for `in`)."""
        return self.disk.folders.keys()

    def changed_on_disk(self, snapshot: dict[Path, str] | None = None) -> list[Path]:
        """Tool files whose bytes differ from `snapshot` (default: the current hashes), or
        that vanished. Safe on a thread."""
        hashes = self.disk.hashes if snapshot is None else snapshot
        return changed_on_disk(self.disk, hashes)

    def added_files(self) -> tuple[list[Path], dict[Path, int]]:
        """Tool files in the catalog's folders that it does not hold, and the folder stamps
        to pass to `remember_folders` once the caller took note of them. Safe on a thread."""
        return added_files(self.catalog.root, self.disk)

    def remember_folders(self, stamps: dict[Path, int]) -> None:
        self.disk.folders.update(stamps)

    def segments_changed(self) -> bool:
        """True when segments.toml no longer holds the bytes the catalog was loaded from."""
        return segments_changed(self.catalog.root, self.disk)
