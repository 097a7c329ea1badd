"""The disk watch's thread never holds up the app: its answer is posted, never awaited."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from mlseg_tui.store.catalog_store import CatalogStore
from mlseg_tui.ui.controllers.disk_watch import DiskWatch
from tests.conftest import make_app, settle
from tests.screen import wait_for, wait_for_notice


async def test_app_closes_while_a_disk_check_is_in_flight(
    catalog_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, release, finished = threading.Event(), threading.Event(), threading.Event()
    errors: list[BaseException] = []
    announced: list[list[Path]] = []
    real_look = DiskWatch._look

    def slow_changed_on_disk(store: object, snapshot: object = None) -> list[Path]:
        started.set()
        release.wait()  # until the app has closed
        return [next(iter(app.store.snapshot()))]  # "changed": would be announced

    def look(self: DiskWatch, snapshot: dict[Path, str]) -> None:
        try:
            real_look(self, snapshot)
        except BaseException as error:  # reported by the assert below
            errors.append(error)
        finally:
            finished.set()

    monkeypatch.setattr(CatalogStore, "changed_on_disk", slow_changed_on_disk)
    monkeypatch.setattr(DiskWatch, "_look", look)
    monkeypatch.setattr(DiskWatch, "found", lambda self, checked: announced.append(checked.changed))
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.disk_watch.check()
        assert await asyncio.to_thread(started.wait, 30)
        app.exit()
    # The app has shut down with the check still running; now the check ends.
    release.set()
    assert await asyncio.to_thread(finished.wait, 30), "the disk check's thread never ended"
    assert errors == []
    assert announced == []  # a closed app announces nothing


async def test_a_disk_check_answer_reaches_the_app(
    catalog_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    announced: list[list[Path]] = []
    app = make_app(catalog_dir)
    changed = [next(iter(app.store.snapshot()))]
    monkeypatch.setattr(CatalogStore, "changed_on_disk", lambda store, snapshot=None: changed)
    monkeypatch.setattr(DiskWatch, "found", lambda self, checked: announced.append(checked.changed))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        announced.clear()  # a check may have run at start-up (app focus)
        app.disk_watch.check()
        await settle(pilot)
        await pilot.pause()
        assert announced == [changed]


async def test_the_first_check_comes_soon_even_when_checks_are_far_apart(
    catalog_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlseg_tui.ui.controllers import disk_watch

    checked = threading.Event()

    def changed_on_disk(store: object, snapshot: object = None) -> list[Path]:
        checked.set()
        return []

    # As for a huge catalog: the regular checks an hour apart.
    monkeypatch.setattr(disk_watch, "CHECK_SECONDS", 0.05)
    monkeypatch.setattr(disk_watch, "FILES_PER_SECOND", 0.01)
    monkeypatch.setattr(CatalogStore, "changed_on_disk", changed_on_disk)
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert await asyncio.to_thread(checked.wait, 30), "no disk check after start-up"


async def test_a_disk_check_never_formats_its_snapshot(
    catalog_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Textual describes a worker by repr(work) unless told otherwise: for a check that is
    # the repr of every file path (memory that grows with the catalog).
    from mlseg_tui.ui.controllers.disk_watch import WORKER_DESCRIPTION

    monkeypatch.setattr(CatalogStore, "changed_on_disk", lambda store, snapshot=None: [])
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.disk_watch.check()
        workers = [worker for worker in app.workers if worker.group == "disk-watch"]
        assert workers and all(w.description == WORKER_DESCRIPTION for w in workers)
        await settle(pilot)


async def test_the_changed_on_disk_question_counts_changed_tools(catalog_dir: Path) -> None:
    # Bug 5 said "1 unsaved move" for a tool moved twice; since issue 12 point 3 a tool's
    # moves are one change (narrow -> hand-holding), and the question counts changes.
    path = catalog_dir / "tools" / "apache-kafka.toml"
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        kafka = app.catalog.find("Apache Kafka")
        assert kafka is not None
        app.jump_to_tool(app.tools.index(kafka))
        await pilot.press("shift+left", "shift+left")  # narrow -> middle -> hand-holding
        await pilot.pause()
        assert kafka.segment == "hand-holding" and app.session.pending_count == 1
        path.write_text(path.read_text(encoding="utf-8") + "\n# edited elsewhere\n")
        await pilot.press("R")
        await wait_for(pilot, "File changed on disk")
        message = app.screen.query_one("#choice-message").content.plain  # type: ignore[attr-defined]
        assert "it holds 1 unsaved change of yours" in message


async def test_r_rereads_on_a_thread_while_the_panes_keep_answering(
    catalog_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started, release = threading.Event(), threading.Event()
    real_reload = CatalogStore.reload_files

    def slow_reload(self: CatalogStore, *args: object, **kwargs: object) -> object:
        started.set()
        release.wait(timeout=30)  # a slow disk
        return real_reload(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(CatalogStore, "reload_files", slow_reload)
    path = catalog_dir / "tools" / "apache-kafka.toml"
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        path.write_text(path.read_text(encoding="utf-8").replace("narrow", "other"))
        await pilot.press("R")
        assert await asyncio.to_thread(started.wait, 30)
        pane = app.panes[app.active]
        row = pane.cursor
        await pilot.press("down")
        await pilot.pause()
        assert pane.cursor == row + 1  # the browser answers while the file is re-read
        release.set()
        await wait_for_notice(pilot, "Reloaded tools/apache-kafka.toml from disk.")
        kafka = app.catalog.find("Apache Kafka")
        assert kafka is not None and kafka.segment == "other"
        assert app.tools.index(kafka) in app.panes[3].rows
