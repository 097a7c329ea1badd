"""Issue 11, item 2: "overwrite" after a conflict keeps the other writer's changes and
history entries, and the app's moves are made again from the segment the file holds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import tomli

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.store.catalog_store import CatalogStore
from mlseg_tui.ui.app import CatalogApp
from mlseg_tui.ui.screens.conflict_screen import ConflictScreen
from tests.corpus import files, tool
from tests.screen import wait_for, wait_for_notice


def history_on_disk(path: Path) -> list[tuple[str, str, str]]:
    table = tomli.loads(path.read_text(encoding="utf-8"))["tools"][0]
    return [(h["from"], h["to"], h["reason"]) for h in table.get("history", [])]


def segment_on_disk(path: Path) -> str:
    return str(tomli.loads(path.read_text(encoding="utf-8"))["tools"][0]["segment"])


def cli_move(root: Path, name: str, segment: str, reason: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mlseg_tui", "move", name, segment, "--reason", reason,
         "--catalog", str(root)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_overwrite_keeps_the_other_writers_entry_and_starts_from_the_files_segment(
    tmp_path: Path,
) -> None:
    root = tmp_path / "c"
    files({"tools/a.toml": tool("Alpha", "narrow")}, base=False)(root)
    path = root / "tools" / "a.toml"
    store = CatalogStore(load_catalog(root, use_cache=False))
    session = EditSession(store.catalog)
    alpha = store.catalog.find("Alpha")
    assert alpha is not None
    session.move(alpha, "other", "the app's reason")
    cli_move(root, "Alpha", "middle", "CLI")
    assert store.save(session).conflicts == [path]

    report = store.save(session, overwrite=[path])

    assert report.ok and report.written == [path]
    assert segment_on_disk(path) == "other"
    assert history_on_disk(path) == [
        ("narrow", "middle", "CLI"),
        ("middle", "other", "the app's reason"),
    ]
    assert session.pending_count == 0
    # The move made again is an ordinary move: undoable, and saved by ctrl+s.
    assert session.undo() is not None
    assert store.save(session).ok
    assert segment_on_disk(path) == "middle"
    assert history_on_disk(path) == [("narrow", "middle", "CLI")]


def test_overwrite_with_every_move_undone_moves_back_on_top_of_the_file(tmp_path: Path) -> None:
    root = tmp_path / "c"
    files({"tools/a.toml": tool("Alpha", "narrow"), "tools/b.toml": tool("Beta")}, base=False)(root)
    path = root / "tools" / "a.toml"
    store = CatalogStore(load_catalog(root, use_cache=False))
    session = EditSession(store.catalog)
    alpha = store.catalog.find("Alpha")
    assert alpha is not None
    session.move(alpha, "other")
    assert store.save(session).ok
    session.undo()  # memory: narrow again, pending
    cli_move(root, "Alpha", "middle", "CLI")
    assert store.save(session).conflicts == [path]
    report = store.save(session, overwrite=[path])
    assert report.ok
    assert segment_on_disk(path) == "narrow"
    assert history_on_disk(path) == [
        ("narrow", "other", ""),
        ("other", "middle", "CLI"),
        ("middle", "narrow", ""),
    ]


async def test_the_overwrite_dialog_says_what_it_does_and_keeps_the_cli_entry(
    tmp_path: Path,
) -> None:
    root = tmp_path / "c"
    files({"tools/a.toml": tool("Alpha", "narrow")}, base=False)(root)
    path = root / "tools" / "a.toml"
    app = CatalogApp(load_catalog(root, use_cache=False), label="catalog")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        # A burst: move right twice, back once, undo, redo: Alpha ends in middle.
        for key in ("L", "L", "H", "u", "ctrl+r"):
            await pilot.press(key)
        await pilot.pause()
        alpha = app.catalog.find("Alpha")
        assert alpha is not None and alpha.segment == "middle"
        cli_move(root, "Alpha", "other", "CLI")
        await pilot.press("ctrl+s")
        await wait_for(pilot, "File changed on disk")
        assert isinstance(app.screen, ConflictScreen)
        message = app.screen.query_one("#choice-message").content.plain  # type: ignore[attr-defined]
        assert "make your changes again on top of it" in message
        assert "their history among them, are kept" in message
        await pilot.press("o")
        await wait_for_notice(pilot, "saved to 1 file")
        assert app.session.pending_count == 0
    assert segment_on_disk(path) == "middle"
    # The app's moves (narrow>middle>other>middle) are one change since issue 12 point 3,
    # made again from where the file had the tool: the CLI's entry first, untouched.
    assert history_on_disk(path) == [
        ("narrow", "other", "CLI"),
        ("other", "middle", ""),
    ]
