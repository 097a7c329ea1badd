"""What a save did, file by file, and short human reasons for failed reads and writes."""

from __future__ import annotations

import errno
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from mlseg_tui.catalog.files import FileTooLarge, NotARegularFile
from mlseg_tui.domain.model import Problem, Tool
from mlseg_tui.domain.text import plural
from mlseg_tui.store.atomic import LockTimeout


@dataclass
class SaveReport:
    """What one save did, file by file."""

    written: list[Path] = field(default_factory=list)  # files rewritten
    created: list[Path] = field(default_factory=list)  # new files (also in `written`)
    removed_files: list[Path] = field(default_factory=list)  # deleted by it (in `written`)
    saved_tools: list[Tool] = field(default_factory=list)
    conflicts: list[Path] = field(default_factory=list)  # changed on disk: NOT written
    deleted: list[Path] = field(default_factory=list)  # deleted since loaded: NOT written
    failures: list[tuple[Path, str]] = field(default_factory=list)  # path, why: NOT written
    # Files written with overwrite whose other tools were then re-read from disk.
    reloaded: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # found while re-reading those
    # Names of edited tools the re-read no longer found (say, for a name clash): their
    # moves are forgotten, so undo and redo skip them.
    dropped: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.conflicts and not self.failures and not self.deleted

    @property
    def pending(self) -> list[Path]:
        """Files not written, whose changes are still pending."""
        return [*self.conflicts, *self.deleted, *(path for path, _ in self.failures)]

    def what_was_written(self, label: Callable[[Path], str] = str) -> str:
        """The files written, each said how: "created tools/x.toml, wrote many.toml"."""
        said = []
        for path in self.written:
            gone = path in self.removed_files
            how = "created" if path in self.created else "deleted" if gone else "wrote"
            said.append(f"{how} {label(path)}")
        return ", ".join(said)

    def summary(self) -> str:
        """One line, such as "3 tools saved to 2 files" or "nothing to save"."""
        parts = []
        if self.written:
            parts.append(
                f"{plural(len(self.saved_tools), 'tool')} saved to "
                f"{plural(len(self.written), 'file')}"
            )
        if self.created:
            parts.append("created " + ", ".join(path.name for path in self.created))
        if self.removed_files:
            parts.append("deleted " + ", ".join(path.name for path in self.removed_files))
        if self.conflicts:
            parts.append(
                f"{plural(len(self.conflicts), 'file')} changed on disk, not saved: "
                + ", ".join(path.name for path in self.conflicts)
            )
        if self.deleted:
            parts.append(
                f"{plural(len(self.deleted), 'file')} deleted on disk, not saved: "
                + ", ".join(path.name for path in self.deleted)
            )
        for path, reason in self.failures:
            parts.append(f"could not save {path}: {reason}")
        return "; ".join(parts) if parts else "nothing to save"


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
    if isinstance(error, NotARegularFile | FileTooLarge | LockTimeout):
        return error.strerror  # already a reason in words, with its proper nouns
    if error.errno in _ERROR_REASONS:
        return _ERROR_REASONS[error.errno]
    return (error.strerror or str(error) or type(error).__name__).lower()
