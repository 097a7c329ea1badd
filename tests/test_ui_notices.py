"""Issue 12 point 5: a notice that no longer holds is withdrawn, and at most two show."""

from __future__ import annotations

from pathlib import Path

from mlseg_tui.ui.app import CatalogApp
from mlseg_tui.ui.screens.conflict_screen import ConflictScreen
from tests.conftest import make_app, settle
from tests.screen import wait_for
from tests.toasts import toasts, wait_for_toast

CHANGED = "changed on disk. Press R to reload."


async def changed_behind_the_app(app: CatalogApp, pilot: object, path: Path) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n# edited by someone else\n")
    app.disk_watch.check()
    await wait_for_toast(pilot, CHANGED)  # type: ignore[arg-type]


async def test_five_notices_in_a_burst_show_the_newest_two(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        for number in range(1, 6):
            app.notify(f"Notice {number}", timeout=30)
        await pilot.pause()
        await pilot.pause()
        assert [toast.splitlines()[-1] for toast in toasts(app)] == ["Notice 4", "Notice 5"]
        app.notify("Notice 6", severity="error", timeout=30)
        await wait_for_toast(pilot, "Notice 6")
        assert [toast.splitlines()[-1] for toast in toasts(app)] == ["Notice 5", "Notice 6"]


async def test_r_withdraws_the_changed_on_disk_notice(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        tool = app.view.current_tool()
        assert tool is not None
        await changed_behind_the_app(app, pilot, tool.source.path)
        for key in ("R", "j", "k", "R"):  # a burst; the second R finds nothing more
            await pilot.press(key)
        await settle(pilot)
        await wait_for_toast(pilot, "Reloaded")
        assert not any(CHANGED in toast for toast in toasts(app))
        assert len(toasts(app)) <= 2


async def test_overwrite_withdraws_the_changed_on_disk_notice(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        tool = app.view.current_tool()
        assert tool is not None
        await pilot.press("L")
        await pilot.pause()
        await changed_behind_the_app(app, pilot, tool.source.path)
        await pilot.press("ctrl+s")
        await wait_for(pilot, "File changed on disk")
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("o")
        await wait_for_toast(pilot, "saved to 1 file")
        await settle(pilot)
        assert not any(CHANGED in toast for toast in toasts(app))
        assert app.session.pending_count == 0


async def test_a_file_changed_back_withdraws_its_notice(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        tool = app.view.current_tool()
        assert tool is not None
        path = tool.source.path
        good = path.read_text(encoding="utf-8")
        await changed_behind_the_app(app, pilot, path)
        path.write_text(good, encoding="utf-8")  # undone in the editor
        app.disk_watch.check()
        await settle(pilot)
        await pilot.pause()
        assert not any(CHANGED in toast for toast in toasts(app))


async def test_a_notice_replaced_by_its_key_shows_once(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        app.notify("first word", key="k", timeout=30)
        app.notify("second word", key="k", timeout=30)  # before the first arrived
        await wait_for_toast(pilot, "second word")
        assert not any("first word" in toast for toast in toasts(app))
        app.withdraw_notice("k")
        await pilot.pause()
        await pilot.pause()
        assert toasts(app) == []
