"""How the browser names things on screen: the catalog folder, the title bar's line, and
pane titles that always keep their count."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len

from mlseg_tui.domain.text import one_line


def catalog_label(root: Path) -> str:
    """The catalog folder as a user would type it: relative to here, or with ~ for home."""
    root = root.resolve()
    try:
        return str(root.relative_to(Path.cwd().resolve())) or "."
    except ValueError:
        pass
    try:
        return str(Path("~") / root.relative_to(Path.home().resolve()))
    except ValueError:
        return str(root)


def pane_title(name: str, count: str, width: int) -> str:
    """The pane title `Name · count`, shortened to fit `width` cells: the name is cut (with
    "…") before the separator goes, so every pane reads alike; the count always shows."""
    room = width - 6  # corners, rules and the spaces around a border title
    title = f"{name} · {count}"
    if width <= 0 or cell_len(title) <= room:
        return title
    keep = room - cell_len(count) - 4  # the name's cells left beside "… · " and the count
    short = ""
    for char in name:
        if cell_len(short + char) > keep:
            break
        short += char
    return f"{short.rstrip()}… · {count}" if short.strip() else count


def subtitle(
    label: str, pending: int, loading: tuple[int, int] | None, essay_only: bool = False
) -> str:
    """The title bar's line after the app's name: the catalog, the essay view when shown
    (the map as the 2020 essay posted it), unsaved moves, loading."""
    unsaved = f"  ● {pending} unsaved" if pending else ""
    shown = ""
    if loading is not None:
        files_shown, files_listed = loading
        shown = f"  ⋯ loading: {files_shown:,} of {files_listed:,}+ files shown"
    # Today's catalog is the usual view; the essay view says so.
    view = "  ◆ essay view: the 2020 list's tools, placed as today" if essay_only else ""
    return f"catalog: {one_line(label)}{view}{unsaved}{shown}"
