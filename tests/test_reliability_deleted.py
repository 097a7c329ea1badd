"""Issue 11, item 13: a tool file deleted behind the browser's back is called deleted, not
"changed on disk", and a save asks to write it again (from memory, moves included), to
drop its tools, or to keep the moves pending."""

from __future__ import annotations

from pathlib import Path

import pytest
import tomli

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.store import recreate
from mlseg_tui.store.catalog_store import CatalogStore
from mlseg_tui.ui.app import CatalogApp
from mlseg_tui.ui.screens.changed_screen import ChangedOnDiskScreen
from mlseg_tui.ui.screens.deleted_screen import DeletedScreen
from tests.corpus import BASE, files, snapshot_bytes, tool
from tests.screen import wait_for, wait_for_notice

pytestmark = pytest.mark.timeout(60)


def catalog(root: Path) -> Path:
    alpha = tool("Alpha", "narrow", extra='aliases = ["A1"]\ntags = ["x"]\n')
    files({"tools/a.toml": alpha + "\n" + tool("Omega", "other")})(root)
    return root


def test_every_bundled_tool_is_written_again_exactly(catalog_dir: Path) -> None:
    result = load_catalog(catalog_dir, use_cache=False)
    assert result.catalog is not None
    ids = set(result.catalog.segment_ids())
    for each in result.catalog.tools:
        # Raises unless the file reads back as the very same tool.
        recreate.checked_file(each.source.path, [each], ids, result.catalog.metric)


def test_a_save_reports_a_deleted_file_and_writes_it_again_on_request(tmp_path: Path) -> None:
    root = catalog(tmp_path / "c")
    path = root / "tools" / "a.toml"
    store = CatalogStore(load_catalog(root, use_cache=False))
    session = EditSession(store.catalog)
    alpha = store.catalog.find("Alpha")
    assert alpha is not None
    session.move(alpha, "middle", "kept")
    path.unlink()
    report = store.save(session)
    assert report.deleted == [path] and report.conflicts == [] and not report.ok
    assert "deleted on disk, not saved: a.toml" in report.summary()
    assert session.pending_count == 1

    again = store.recreate(session, path)

    assert again.ok and again.written == [path] and again.saved_tools == [alpha]
    table = tomli.loads(path.read_text(encoding="utf-8"))["tools"]
    assert [(t["name"], t["segment"]) for t in table] == [("Alpha", "middle"), ("Omega", "other")]
    assert table[0]["aliases"] == ["A1"] and table[0]["history"][0]["reason"] == "kept"
    assert session.pending_count == 0 and store.changed_on_disk() == []


def test_writing_again_never_replaces_a_file_that_came_back(tmp_path: Path) -> None:
    root = catalog(tmp_path / "c")
    path = root / "tools" / "a.toml"
    store = CatalogStore(load_catalog(root, use_cache=False))
    session = EditSession(store.catalog)
    alpha = store.catalog.find("Alpha")
    assert alpha is not None
    session.move(alpha, "middle")
    path.write_text(tool("Alpha", "other"), encoding="utf-8")  # someone restored it
    before = snapshot_bytes(root)
    report = store.recreate(session, path)
    assert report.conflicts == [path] and report.written == []
    assert snapshot_bytes(root) == before and session.pending_count == 1


@pytest.mark.parametrize(("key", "outcome"), [("w", "written"), ("d", "dropped"), ("k", "kept")])
async def test_saving_after_a_deletion_asks_what_to_do(
    tmp_path: Path, key: str, outcome: str
) -> None:
    root = catalog(tmp_path / "c")
    path = root / "tools" / "a.toml"
    app = CatalogApp(load_catalog(root, use_cache=False), label="catalog")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        alpha = app.catalog.find("Alpha")
        assert alpha is not None
        app.jump_to_tool(app.tools.index(alpha))
        await pilot.pause()
        for press in ("L", "L", "H"):  # a burst: Alpha ends in middle
            await pilot.press(press)
        path.unlink()
        await pilot.press("ctrl+s")
        await wait_for(pilot, "File deleted on disk")
        assert isinstance(app.screen, DeletedScreen)
        message = app.screen.query_one("#choice-message").content.plain  # type: ignore[attr-defined]
        assert "tools/a.toml was deleted since it was loaded" in message
        assert "Overwrite" not in message
        await pilot.press(key)
        if outcome == "written":
            await wait_for_notice(pilot, "1 tool saved to 1 file.")
            assert app.session.pending_count == 0
        elif outcome == "dropped":
            await wait_for_notice(pilot, "its tools left the browser")
            assert app.catalog.find("Alpha") is None and app.session.pending_count == 0
        else:
            await pilot.pause()
            assert app.session.pending_count == 1  # one tool's moves: one change
    if outcome == "written":
        table = tomli.loads(path.read_text(encoding="utf-8"))["tools"]
        # Issue 12 point 3: narrow -> middle -> other -> middle is one entry, narrow -> middle.
        assert table[0]["segment"] == "middle" and len(table[0]["history"]) == 1
    else:
        assert not path.exists()
    assert (root / "tools" / "good-one.toml").read_text(encoding="utf-8") == BASE[
        "tools/good-one.toml"
    ]


async def test_the_disk_watch_and_r_call_a_deleted_file_deleted(tmp_path: Path) -> None:
    root = catalog(tmp_path / "c")
    path = root / "tools" / "a.toml"
    app = CatalogApp(load_catalog(root, use_cache=False), label="catalog")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        alpha = app.catalog.find("Alpha")
        assert alpha is not None
        app.jump_to_tool(app.tools.index(alpha))
        await pilot.pause()
        await pilot.press("L")
        path.unlink()
        app.disk_watch.check()
        await wait_for_notice(pilot, "Deleted on disk")
        assert "changed on disk" not in await wait_for_notice(pilot, "was deleted on disk")
        await pilot.press("R")
        await wait_for(pilot, "File deleted on disk")
        assert isinstance(app.screen, ChangedOnDiskScreen)
        message = app.screen.query_one("#choice-message").content.plain  # type: ignore[attr-defined]
        assert "was deleted on disk, and it held 1 unsaved change" in message
        await pilot.press("k")
        await pilot.pause()
        assert app.session.pending_count == 1
