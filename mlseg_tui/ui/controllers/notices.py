"""What the workflows tell the user: file names, and why the catalog may not change now."""

from __future__ import annotations

from pathlib import Path

from mlseg_tui.domain.text import one_line
from mlseg_tui.ui.controllers.host import Host


def file_label(root: Path, path: Path) -> str:
    """The file as a user finds it in the catalog at `root`, safe to show (a file name is
    data, never terminal control)."""
    try:
        return one_line(str(path.relative_to(root)))
    except ValueError:
        return one_line(str(path))


BUSY_NOTICES = {
    "loading": "Still loading the catalog; try again in a moment.",
    "saving": "Still saving; try again in a moment.",
    "reloading": "Still reloading files from disk; try again in a moment.",
}


def refuse_while_busy(host: Host) -> bool:
    """True, and the user told why, while the catalog may not change (`Host.busy`)."""
    busy = host.busy()
    if busy is not None:
        host.notify(BUSY_NOTICES[busy], timeout=3)
    return busy is not None
