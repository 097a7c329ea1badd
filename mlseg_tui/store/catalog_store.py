"""The store of one loaded catalog: the only way the layers above write to it or look at
its files again (saves, reloads of single files, checks for outside changes)."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from mlseg_tui.catalog.load import LoadResult
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.domain.model import Catalog, Problem
from mlseg_tui.store import save as storage


class CatalogStore:
    """Saves, reloads and disk checks for the catalog of one load."""

    def __init__(self, result: LoadResult) -> None:
        if result.catalog is None:
            raise ValueError("the catalog could not be loaded")
        self.catalog: Catalog = result.catalog

    # --- writing ------------------------------------------------------------------------

    def save(self, session: EditSession, overwrite: Collection[Path] = ()) -> storage.SaveReport:
        """Write every file holding a changed tool (see `storage.save`)."""
        return storage.save(self.catalog, session, overwrite)

    def reload_file(self, session: EditSession, path: Path) -> list[Problem]:
        """Re-read one tool file, dropping its tools' pending changes; its problems."""
        return storage.reload_file(self.catalog, session, path)

    # --- looking at the disk ------------------------------------------------------------

    def snapshot(self) -> dict[Path, str]:
        """Each tool file's content hash as last loaded or saved."""
        return dict(self.catalog.file_hashes)

    def file_count(self) -> int:
        return len(self.catalog.file_hashes)

    def digest_of(self, path: Path) -> str | None:
        """The hash `path` was last loaded or saved with; None for a file not held."""
        return self.catalog.file_hashes.get(path)

    def changed_on_disk(self, snapshot: dict[Path, str] | None = None) -> list[Path]:
        """Tool files whose bytes differ from `snapshot` (default: the current hashes), or
        that vanished. Safe on a thread."""
        catalog = self.catalog
        if snapshot is not None:
            catalog = Catalog(catalog.root, [], [], snapshot, catalog.file_stamps)
        return storage.changed_on_disk(catalog)

    def added_files(self) -> tuple[list[Path], dict[Path, int]]:
        """Tool files in the catalog's folders that it does not hold, and the folder stamps
        to pass to `remember_folders` once the caller took note of them. Safe on a thread."""
        return storage.added_files(self.catalog)

    def remember_folders(self, stamps: dict[Path, int]) -> None:
        self.catalog.folder_stamps.update(stamps)

    def segments_changed(self) -> bool:
        """True when segments.toml no longer holds the bytes the catalog was loaded from."""
        return storage.segments_changed(self.catalog)
