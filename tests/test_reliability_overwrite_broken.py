"""An Overwrite over a file that no longer reads (or no longer holds a changed tool) never
drops the pending change: it is refused naming the file and line, the change stays
pending (counted, undoable, kept by a recovery file), and quitting after it stays open.
Once the file is fixed, saving applies the change."""

from __future__ import annotations

from pathlib import Path

import tomli

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.domain.model import Tool
from mlseg_tui.store import recovery
from mlseg_tui.store.catalog_store import CatalogStore
from mlseg_tui.ui.screens.changed_screen import ChangedOnDiskScreen
from mlseg_tui.ui.screens.conflict_screen import ConflictScreen
from mlseg_tui.ui.screens.quit_screen import QuitScreen
from tests.conftest import make_app, settle
from tests.corpus import files, tool
from tests.screen import screen_text, wait_for, wait_for_notice
from tests.toasts import wait_for_toast


def table_on_disk(path: Path, index: int = 0) -> dict[str, object]:
    return dict(tomli.loads(path.read_text(encoding="utf-8"))["tools"][index])


def store_with(root: Path, mapping: dict[str, str | bytes]) -> CatalogStore:
    files(mapping, base=False)(root)
    return CatalogStore(load_catalog(root, use_cache=False))


def refused_overwrite(root: Path, reason: str) -> tuple[CatalogStore, EditSession, Tool]:
    """Alpha moved with `reason`, its file broken on disk, and the overwrite refused."""
    store = store_with(root, {"tools/a.toml": tool("Alpha")})
    path = root / "tools" / "a.toml"
    session = EditSession(store.catalog)
    alpha = store.catalog.find("Alpha")
    assert alpha is not None
    session.move(alpha, "middle", reason)
    path.write_text("garbage = = =\n", encoding="utf-8")
    assert store.save(session).conflicts == [path]
    assert store.save(session, overwrite=[path]).failures
    return store, session, alpha


def test_an_overwrite_of_a_file_that_no_longer_parses_is_refused_and_the_move_kept(
    tmp_path: Path,
) -> None:
    root = tmp_path / "c"
    store = store_with(root, {"tools/a.toml": tool("Alpha"), "tools/b.toml": tool("Beta")})
    path = root / "tools" / "a.toml"
    session = EditSession(store.catalog)
    alpha, beta = store.catalog.find("Alpha"), store.catalog.find("Beta")
    assert alpha is not None and beta is not None
    session.move(alpha, "middle", "my careful reason")
    session.move(beta, "other")
    original = path.read_bytes()
    broken = original + b"oops = \n"
    path.write_bytes(broken)
    assert store.save(session).conflicts == [path]  # Beta saved, Alpha's file in conflict

    report = store.save(session, overwrite=[path])

    assert path.read_bytes() == broken  # nothing written
    [(failed, reason)] = report.failures
    assert failed == path
    assert reason.startswith("not overwritten, it does not read as a tool file now: tools/a.toml:")
    line = reason.split("tools/a.toml:")[1].split(":")[0]
    assert line == str(original.count(b"\n") + 1)  # the appended line
    assert "Alpha's unsaved change" in reason
    assert report.dropped == [] and report.reloaded == []
    # Still pending, still undoable, still in memory, still what a recovery file keeps.
    assert session.pending_count == 1 and session.dirty_tools() == [alpha]
    assert store.catalog.find("Alpha") is alpha and alpha.segment == "middle"
    assert alpha.reasoning == "my careful reason"
    kept = recovery.pending_changes(session)
    assert [(i.kind, i.name, i.reason) for i in kept] == [("edit", "Alpha", "my careful reason")]
    # Overwriting again is refused again (the store still knows the file's old bytes).
    again = store.save(session, overwrite=[path])
    assert [p for p, _ in again.failures] == [path] and session.pending_count == 1

    # Fixed differently from before (another writer's comment stays): the overwrite applies.
    path.write_bytes(original + b"# kept\n")
    assert store.save(session).conflicts == [path]
    fixed = store.save(session, overwrite=[path])
    assert fixed.ok and fixed.written == [path] and session.pending_count == 0
    assert path.read_bytes().endswith(b"# kept\n")
    table = table_on_disk(path)
    assert table["segment"] == "middle" and table["reasoning"] == "my careful reason"


def test_an_undo_after_a_refused_overwrite_still_works(tmp_path: Path) -> None:
    _, session, alpha = refused_overwrite(tmp_path / "c", "why")
    assert session.undo() is not None
    assert alpha.segment == "narrow" and session.pending_count == 0


def test_an_overwrite_of_a_file_that_lost_the_changed_tool_is_refused(tmp_path: Path) -> None:
    root = tmp_path / "c"
    store = store_with(root, {"tools/many.toml": tool("Alpha") + "\n" + tool("Beta", "other")})
    path = root / "tools" / "many.toml"
    session = EditSession(store.catalog)
    alpha = store.catalog.find("Alpha")
    assert alpha is not None
    session.move(alpha, "middle", "why")
    path.write_text(tool("Alpha Renamed") + "\n" + tool("Beta", "other"), encoding="utf-8")
    assert store.save(session).conflicts == [path]

    report = store.save(session, overwrite=[path])

    [(_, reason)] = report.failures
    assert "Alpha is no longer in it" in reason and "Reload the file to drop it" in reason
    assert session.pending_count == 1 and store.catalog.find("Alpha") is alpha
    assert store.catalog.find("Alpha Renamed") is None  # the file was not re-read at all


def test_a_recovery_file_written_after_a_refused_overwrite_holds_the_change(
    tmp_path: Path,
) -> None:
    root = tmp_path / "c"
    _, session, _ = refused_overwrite(root, "kept across a stop")
    written = recovery.write_recovery(root, recovery.pending_changes(session))
    assert written is not None
    found = recovery.read_recovery(root)
    assert found is not None
    [change] = found.changes
    assert (change.name, change.reason, change.value("segment")) == (
        "Alpha",
        "kept across a stop",
        "middle",
    )


async def _move_with_reason(pilot: object, app: object, name: str, reason: str) -> None:
    from textual.pilot import Pilot

    from mlseg_tui.ui.app import CatalogApp

    assert isinstance(pilot, Pilot) and isinstance(app, CatalogApp)
    found = app.catalog.find(name)
    assert found is not None
    app.jump_to_tool(app.tools.index(found))
    await pilot.pause()
    await pilot.press("m")
    await wait_for(pilot, f"Move {name} to")
    await pilot.press("2")  # the picker's 2: Middle of the road
    await wait_for(pilot, "Why? It becomes the tool's reasoning")
    # A burst with a slip corrected.
    await pilot.press(*reason[:4], "x", "backspace", *reason[4:], "enter")
    await settle(pilot)
    assert found.segment == "middle" and found.reasoning == reason


async def test_quit_save_overwrite_over_a_broken_file_stays_open_with_the_change(
    catalog_dir: Path,
) -> None:
    # The reviewer's repro 1: the app exited at once, the change lost, no recovery file.
    path = catalog_dir / "tools" / "jenkins.toml"
    original = path.read_bytes()
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await _move_with_reason(pilot, app, "Jenkins", "jenkins reason")
        assert "● 1 unsaved" in screen_text(app)
        path.write_bytes(original + b"oops = \n")
        app.disk_watch.check()  # as the watch does every few seconds: the user is told
        await wait_for_toast(pilot, "tools/jenkins.toml changed on disk")
        await pilot.press("q")
        await wait_for(pilot, "Save, then quit")
        assert isinstance(app.screen, QuitScreen)
        await pilot.press("s")
        await wait_for(pilot, "File changed on disk")
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("o")
        shown = await wait_for_toast(pilot, "not overwritten")
        [refused] = [toast for toast in shown if "not overwritten" in toast]
        line = original.count(b"\n") + 1
        assert f"tools/jenkins.toml:{line}:" in refused and "Jenkins's unsaved change" in refused
        assert "Its changes stay pending" in refused and "Not quitting" in refused
        await settle(pilot)
        assert app.is_running
        jenkins = app.catalog.find("Jenkins")
        assert jenkins is not None and jenkins.segment == "middle"
        assert app.session.pending_count == 1 and "● 1 unsaved" in screen_text(app)
        assert path.read_bytes() == original + b"oops = \n"
        # The user fixes the file (keeping another writer's comment) and saves again.
        path.write_bytes(original + b"# fixed\n")
        await pilot.press("ctrl+s")
        await wait_for(pilot, "File changed on disk")
        await pilot.press("o")
        await wait_for_notice(pilot, "1 tool saved to 1 file")
        assert app.session.pending_count == 0
    table = table_on_disk(path)
    assert table["segment"] == "middle" and table["reasoning"] == "jenkins reason"
    assert path.read_bytes().endswith(b"# fixed\n")


async def test_keep_then_save_overwrite_over_a_broken_file_keeps_the_change(
    catalog_dir: Path,
) -> None:
    # The reviewer's repro 2: R -> keep -> ctrl+s -> o dropped Grafana's move ("Left out
    # on re-reading ... can no longer be undone"); after a fix and R the reason was gone.
    path = catalog_dir / "tools" / "grafana.toml"
    original = path.read_bytes()
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await _move_with_reason(pilot, app, "Grafana", "my careful reason")
        path.write_bytes(original + b"garbage = = =\n")
        app.disk_watch.check()
        await wait_for_toast(pilot, "tools/grafana.toml changed on disk")
        await pilot.press("R")
        await wait_for(pilot, "File changed on disk")
        assert isinstance(app.screen, ChangedOnDiskScreen)
        await pilot.press("k")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await wait_for(pilot, "File changed on disk")
        await pilot.press("o")
        shown = await wait_for_toast(pilot, "not overwritten")
        assert not any("Left out on re-reading" in toast for toast in shown)
        line = original.count(b"\n") + 1
        assert any(f"tools/grafana.toml:{line}:" in toast for toast in shown)
        await settle(pilot)
        grafana = app.catalog.find("Grafana")
        assert grafana is not None and grafana.segment == "middle"
        assert grafana.reasoning == "my careful reason"
        assert app.session.pending_count == 1 and "● 1 unsaved" in screen_text(app)
        # Fixed back to the loaded bytes: a plain save writes the move.
        path.write_bytes(original)
        await pilot.press("ctrl+s")
        await wait_for_notice(pilot, "1 tool saved to 1 file")
        assert app.session.pending_count == 0
    table = table_on_disk(path)
    assert table["segment"] == "middle" and table["reasoning"] == "my careful reason"
