"""Two writers at once: a save never overwrites another writer's save unseen.

Two processes saving moves of different tools into one file, as fast as they can; two
browsers open on one catalog; the browser and `mlseg-tui move`. Whoever saves second
learns of the conflict and chooses: reload, overwrite (which keeps the other writer's
changes to other tools) or cancel (its moves stay pending). No update is lost unless the
user chose to overwrite that very tool.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import tomli
from textual import events
from textual.pilot import Pilot

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.domain.model import Tool
from mlseg_tui.ui.app import CatalogApp
from mlseg_tui.ui.screens.changed_screen import ChangedOnDiskScreen
from mlseg_tui.ui.screens.conflict_screen import ConflictScreen
from tests.conftest import settle
from tests.corpus import SEGMENTS, tool
from tests.screen import assert_screen_is_inert, screen_text, wait_for, wait_for_notice
from tests.toasts import wait_for_toast

CHILD = Path(__file__).with_name("two_writers_child.py")
ROUNDS = 80


def build(root: Path) -> Path:
    root.mkdir(parents=True)
    (root / "segments.toml").write_text(SEGMENTS, encoding="utf-8")
    path = root / "many.toml"
    path.write_text("# shared\n" + "\n".join(tool(n) for n in ("Alpha", "Beta", "Gamma")))
    return path


def history_lengths(path: Path) -> dict[str, int]:
    tables = tomli.loads(path.read_text(encoding="utf-8"))["tools"]
    return {table["name"]: len(table.get("history", [])) for table in tables}


@pytest.fixture(autouse=True)
def _no_load_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MLSEG_NO_CACHE", "1")


def test_two_processes_saving_one_file_lose_no_update(tmp_path: Path) -> None:
    path = build(tmp_path / "catalog")
    start = tmp_path / "start"
    writers = [
        subprocess.Popen(
            [sys.executable, str(CHILD), str(path.parent), name, str(ROUNDS), str(start)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("Alpha", "Beta")
    ]
    start.touch()  # both writers go
    outputs = [writer.communicate(timeout=120) for writer in writers]

    for writer, (out, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, err
        assert out.startswith(f"saved {ROUNDS} conflicts "), out
    print(" / ".join(out.strip() for out, _ in outputs))
    # Every move each writer saved is in the file: none was overwritten unseen.
    assert history_lengths(path) == {"Alpha": ROUNDS, "Beta": ROUNDS, "Gamma": 0}


def test_a_save_between_our_read_and_our_rename_is_a_conflict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other writer's save lands while ours is writing its temp file (deterministic)."""
    from mlseg_tui.domain.edits import EditSession
    from mlseg_tui.store import atomic
    from mlseg_tui.store.catalog_store import CatalogStore

    path = build(tmp_path / "catalog")
    store = CatalogStore(load_catalog(path.parent))
    catalog = store.catalog
    session = EditSession(catalog)
    alpha = catalog.find("Alpha")
    assert alpha is not None
    session.move(alpha, "other")
    theirs = path.read_text(encoding="utf-8").replace('name = "Gamma"', 'name = "Gamma 2"')
    real_fsync = os.fsync
    done: list[bool] = []

    def fsync_then_they_save(fd: int) -> None:
        real_fsync(fd)
        if not done:  # our temp file is written: now the other writer saves
            done.append(True)
            atomic.write_parts(path, [theirs.encode()])

    monkeypatch.setattr(os, "fsync", fsync_then_they_save)
    report = store.save(session)
    monkeypatch.undo()

    assert done and report.conflicts == [path] and report.written == []
    assert path.read_text(encoding="utf-8") == theirs
    assert session.dirty_tools() == [alpha]
    assert sorted(p.name for p in path.parent.iterdir()) == ["many.toml", "segments.toml"]


# ---------------------------------------------------------------------------- in the browser


def mlseg(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The installed command, as another user in another terminal would run it."""
    env = {**os.environ, "MLSEG_NO_CACHE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mlseg_tui", *args], cwd=cwd, env=env, capture_output=True, text=True
    )


def browser(root: Path) -> CatalogApp:
    return CatalogApp(load_catalog(root), label="catalog")


async def show(app: CatalogApp, pilot: Pilot[object], name: str) -> Tool:
    tool_ = app.catalog.find(name)
    assert tool_ is not None
    app.jump_to_tool(app.tools.index(tool_))
    await pilot.pause()
    return tool_


@pytest.mark.parametrize("choice", ["reload", "overwrite", "cancel"])
async def test_second_browser_saving_a_changed_file_asks_and_loses_nothing_unchosen(
    tmp_path: Path, choice: str
) -> None:
    path = build(tmp_path / "catalog")
    first, second = browser(path.parent), browser(path.parent)  # both open on one catalog
    async with first.run_test(size=(120, 40), notifications=True) as pilot:
        await show(first, pilot, "Alpha")
        await pilot.press("shift+right")  # Alpha: narrow -> middle
        await pilot.press("ctrl+s")
        await wait_for_notice(pilot, "1 tool saved to 1 file.")
    after_first = path.read_bytes()
    async with second.run_test(size=(120, 40), notifications=True) as pilot:
        await show(second, pilot, "Beta")
        await pilot.press("shift+left")  # Beta: narrow -> hand-holding
        await pilot.press("ctrl+s")
        await wait_for(pilot, "File changed on disk")
        assert isinstance(second.screen, ConflictScreen)
        assert path.read_bytes() == after_first  # nothing written while it asks
        await pilot.press({"reload": "r", "overwrite": "o", "cancel": "c"}[choice])
        await settle(pilot)
        segments = {t["name"]: t["segment"] for t in tomli.loads(path.read_text())["tools"]}
        assert segments["Alpha"] == "middle"  # the first browser's save is never lost
        alpha, beta = second.catalog.find("Alpha"), second.catalog.find("Beta")
        assert alpha is not None and beta is not None
        if choice == "reload":  # the second browser's move is dropped, as chosen
            assert path.read_bytes() == after_first
            assert (alpha.segment, beta.segment) == ("middle", "narrow")
            assert second.session.pending_count == 0
        elif choice == "overwrite":  # both moves are in the file
            assert segments["Beta"] == "hand-holding"
            assert (alpha.segment, beta.segment) == ("middle", "hand-holding")
            assert second.session.pending_count == 0
        else:  # nothing written; the move waits
            assert path.read_bytes() == after_first
            assert beta.segment == "hand-holding" and second.session.pending_count == 1
        assert_screen_is_inert(second)


async def test_browser_notices_a_cli_move_and_reloads_on_r(tmp_path: Path) -> None:
    path = build(tmp_path / "catalog")
    app = browser(path.parent)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        assert any(timer.name == "disk-watch" for timer in app._timers)  # checks periodically
        gamma = await show(app, pilot, "Gamma")
        result = mlseg("move", "gamma", "other", "--catalog", str(path.parent), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        app.disk_watch.check()  # what the timer does every few seconds
        await wait_for_notice(pilot, "many.toml changed on disk. Press R to reload.")
        app.disk_watch.check()
        await settle(pilot)
        assert app.disk_watch.changed == [path]  # announced once, still listed
        await pilot.press("R")
        await wait_for_notice(pilot, "Reloaded many.toml from disk.")
        assert gamma.segment == "other" and app.catalog.find("Gamma") is gamma
        assert app.tools.index(gamma) in app.panes[3].rows
        assert app.disk_watch.changed == [] and app.session.pending_count == 0
        assert_screen_is_inert(app)


async def test_browser_notices_added_tool_files_and_loads_them_on_r(tmp_path: Path) -> None:
    path = build(tmp_path / "catalog")
    root = path.parent
    app = browser(root)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await show(app, pilot, "Beta")
        (root / "more").mkdir()
        # As `git pull` would: a new tool file, and a half-written hidden one beside it.
        (root / "more" / "delta.toml").write_text(tool("Delta"), encoding="utf-8")
        (root / "more" / ".delta.toml.x1.tmp").write_text("[[tools", encoding="utf-8")
        app.disk_watch.check()
        await wait_for_notice(pilot, "A new tool file on disk: more/delta.toml. Press R to load.")
        assert app.catalog.find("Delta") is None
        app.disk_watch.check()
        await settle(pilot)
        assert app.disk_watch.added == [root / "more" / "delta.toml"]  # announced once
        await pilot.press("R")
        await wait_for_notice(pilot, "Loaded more/delta.toml.")
        delta = app.catalog.find("Delta")
        assert delta is not None and app.disk_watch.added == []
        assert any(app.tools.index(delta) in pane.rows for pane in app.panes)
        assert app.session.pending_count == 0
        # Loaded like any tool: a move of it saves into its own file only.
        before = path.read_bytes()
        app.jump_to_tool(app.tools.index(delta))
        await pilot.press("shift+right", "ctrl+s")
        await wait_for_notice(pilot, "1 tool saved to 1 file.")
        assert path.read_bytes() == before
        reread = load_catalog(root).catalog
        assert reread is not None
        saved = reread.find("Delta")
        assert saved is not None and saved.segment == delta.segment and len(saved.history) == 1


async def test_browser_announces_a_changed_segments_file_once(tmp_path: Path) -> None:
    path = build(tmp_path / "catalog")
    app = browser(path.parent)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        segments = path.parent / "segments.toml"
        segments.write_text(segments.read_text() + "\n# edited\n", encoding="utf-8")
        app.disk_watch.check()
        await wait_for_notice(pilot, "segments.toml changed on disk. Quit and reopen")
        assert app.disk_watch.segments_announced


async def test_regaining_focus_checks_and_own_saves_are_not_announced(tmp_path: Path) -> None:
    path = build(tmp_path / "catalog")
    app = browser(path.parent)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await show(app, pilot, "Alpha")
        await pilot.press("shift+right", "ctrl+s")
        await wait_for_notice(pilot, "1 tool saved to 1 file.")
        app.post_message(events.AppFocus())
        await settle(pilot)
        assert app.disk_watch.changed == []  # our own save is no outside change
        assert "changed on disk" not in screen_text(app)
        path.write_text(path.read_text().replace('name = "Gamma"', 'name = "Gamma Ray"'))
        app.post_message(events.AppFocus())  # the user comes back from the editor
        await wait_for_notice(pilot, "many.toml changed on disk.")


async def test_reload_asks_before_dropping_unsaved_moves_of_a_changed_file(
    tmp_path: Path,
) -> None:
    path = build(tmp_path / "catalog")
    app = browser(path.parent)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        beta = await show(app, pilot, "Beta")
        await pilot.press("shift+right")  # pending: Beta narrow -> middle
        result = mlseg("move", "Alpha", "other", "--catalog", str(path.parent), cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        cli_version = path.read_bytes()
        await pilot.press("R")
        await wait_for(pilot, "holds 1 unsaved change")
        assert isinstance(app.screen, ChangedOnDiskScreen)
        await pilot.press("k")  # keep my move
        await settle(pilot)
        assert beta.segment == "middle" and app.session.pending_count == 1
        assert path.read_bytes() == cli_version
        # Saving now asks whether to overwrite; overwriting keeps the CLI's move too.
        await pilot.press("ctrl+s")
        await wait_for(pilot, "File changed on disk")
        await pilot.press("o")
        await settle(pilot)
        segments = {t["name"]: t["segment"] for t in tomli.loads(path.read_text())["tools"]}
        assert segments == {"Alpha": "other", "Beta": "middle", "Gamma": "narrow"}
        alpha = app.catalog.find("Alpha")
        assert alpha is not None and alpha.segment == "other"


async def test_reload_drops_unsaved_moves_when_told_and_removes_vanished_files(
    tmp_path: Path,
) -> None:
    path = build(tmp_path / "catalog")
    solo = path.parent / "solo.toml"
    solo.write_text(tool("Solo", "other"), encoding="utf-8")
    app = browser(path.parent)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        beta = await show(app, pilot, "Beta")
        await pilot.press("shift+right")
        path.write_text(path.read_text().replace('name = "Gamma"', 'name = "Gamma Ray"'))
        solo.unlink()
        app.disk_watch.check()
        # Issue 11: the deleted file is called deleted, not changed.
        await wait_for_notice(pilot, "many.toml changed on disk.")
        await wait_for_notice(pilot, "solo.toml was deleted on disk.")
        await pilot.press("R")
        await wait_for(pilot, "holds 1 unsaved change")
        await pilot.press("r")
        await settle(pilot)
        assert beta.segment == "narrow" and app.session.pending_count == 0
        assert app.catalog.find("Solo") is None and app.catalog.find("Gamma Ray") is not None
        assert sorted(app.tools[i].name for pane in app.panes for i in pane.rows) == [
            "Alpha",
            "Beta",
            "Gamma Ray",
        ]
        # Issue 12 point 2: the changed file reloaded, the deleted one said to be removed.
        await wait_for_toast(pilot, "Reloaded many.toml from disk.")
        await wait_for_toast(pilot, "solo.toml was deleted on disk: its tools left the browser.")
