"""Issue 11, item 4: a save waits a bounded time for the folder lock another process
holds, then fails cleanly (nothing written, no temp file left, the move still pending),
naming the holder when the system can tell; in the browser the keys are answered while
the save waits."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mlseg_tui.catalog.load import load_catalog
from mlseg_tui.domain.edits import EditSession
from mlseg_tui.store import atomic
from mlseg_tui.store.catalog_store import CatalogStore
from mlseg_tui.ui.app import CatalogApp
from mlseg_tui.ui.screens.help_screen import HelpScreen
from tests.corpus import files, snapshot_bytes, tool
from tests.screen import wait_for_notice

pytestmark = pytest.mark.timeout(60)


@contextlib.contextmanager
def folder_locked(folder: Path) -> Iterator[None]:
    """The folder's lock held through a handle of our own (flock locks are per handle,
    so the store's handle waits as another process's would)."""
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        yield
    finally:
        os.close(fd)


def catalog(root: Path) -> Path:
    files({"tools/a.toml": tool("Alpha"), "tools/b.toml": tool("Beta")}, base=False)(root)
    return root


def test_a_held_lock_fails_the_save_cleanly_after_a_bounded_wait(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(atomic, "LOCK_WAIT_SECONDS", 0.3)
    root = catalog(tmp_path / "c")
    store = CatalogStore(load_catalog(root, use_cache=False))
    session = EditSession(store.catalog)
    alpha = store.catalog.find("Alpha")
    assert alpha is not None
    session.move(alpha, "other", "why")
    before = snapshot_bytes(root)
    with folder_locked(root / "tools"):
        report = store.save(session)
    assert report.failures == [
        (root / "tools" / "a.toml", "the folder is locked by another process; waited 0.3 s")
    ]
    assert snapshot_bytes(root) == before  # no temp file either
    assert session.pending_count == 1
    assert store.save(session).ok  # once the lock is free, the same move saves


@pytest.mark.skipif(shutil.which("flock") is None, reason="needs util-linux flock")
def test_mlseg_tui_move_names_the_process_holding_the_lock(catalog_dir: Path) -> None:
    holder = subprocess.Popen(["flock", str(catalog_dir / "tools"), "sleep", "60"])
    try:
        for _ in range(200):  # until the lock is taken
            fd = os.open(catalog_dir / "tools", os.O_RDONLY | os.O_DIRECTORY)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                break
            finally:
                os.close(fd)
            subprocess.run(["sleep", "0.02"], check=True)
        before = snapshot_bytes(catalog_dir)
        done = subprocess.run(
            [sys.executable, "-m", "mlseg_tui", "move", "MLflow", "narrow", "--reason", "x",
             "--catalog", str(catalog_dir)],
            capture_output=True, text=True, timeout=45,
        )  # fmt: skip
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 1
    assert "MLflow was not moved" in done.stderr
    assert f"the folder is locked by process {holder.pid} (flock)" in done.stderr
    assert "mlflow.toml" in done.stderr and "Traceback" not in done.stderr
    assert snapshot_bytes(catalog_dir) == before


async def test_the_browser_answers_keys_while_a_save_waits_for_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(atomic, "LOCK_WAIT_SECONDS", 30.0)  # the lock is let go first
    root = catalog(tmp_path / "c")
    app = CatalogApp(load_catalog(root, use_cache=False), label="catalog")
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await pilot.pause()
        alpha = app.catalog.find("Alpha")
        assert alpha is not None
        app.jump_to_tool(app.tools.index(alpha))
        await pilot.pause()
        await pilot.press("L")
        await pilot.pause()
        assert alpha.segment == "middle"
        with folder_locked(root / "tools"):
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.saving.running
            # While the save waits, a burst of keys is answered: help opens and closes,
            # the active pane changes.
            active = app.active
            for key in ("question_mark", "escape", "left", "right", "left"):
                await pilot.press(key)
            await pilot.pause()
            assert app.active == active - 1 and app.screen is app.view
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            assert app.saving.running  # all of it while the save still waited
        await wait_for_notice(pilot, "1 tool saved to 1 file.")  # once the lock is free
    assert "middle" in (root / "tools" / "a.toml").read_text(encoding="utf-8")


async def test_in_the_browser_a_lock_held_too_long_fails_the_save_and_keeps_the_move(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(atomic, "LOCK_WAIT_SECONDS", 0.2)
    root = catalog(tmp_path / "c")
    before = snapshot_bytes(root)
    app = CatalogApp(load_catalog(root, use_cache=False), label="catalog")
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("L", "H", "L")  # Alpha (the first tool) ends one segment right
        await pilot.pause()
        with folder_locked(root / "tools"):
            await pilot.press("ctrl+s")
            await wait_for_notice(pilot, "Save failed")
            assert "is locked" in await wait_for_notice(pilot, "Could not save")
        assert app.session.pending_count == 1 and "unsaved" in app.sub_title  # one tool
    assert snapshot_bytes(root) == before
