"""What the workflows tell the user about the catalog: its problems, and file names."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mlseg_tui.domain.model import Problem
from mlseg_tui.domain.text import one_line, plural
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


def announce_problems(host: Host) -> None:
    """Say how many problems the loaded catalog has, if any (`!` lists them)."""
    problems = host.result.problems
    if problems:
        errors = len(host.result.errors)
        host.notify(
            f"The catalog has {plural(len(problems), 'problem')} "
            f"({plural(errors, 'error')}); press ! to list them.",
            title="Catalog problems",
            severity="error" if errors else "warning",
            timeout=10,
            markup=False,
        )


def notify_problems(host: Host, problems: Sequence[Problem]) -> None:
    """Add the problems of re-read files to the catalog's list, and say so."""
    if problems:
        host.result.problems.extend(problems)
        host.notify(
            f"{plural(len(problems), 'problem')} in the re-read file; press ! to list them.",
            severity="warning",
            markup=False,
        )
