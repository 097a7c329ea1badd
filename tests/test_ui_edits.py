"""Moving tools in the browser, undo and redo, saving, conflicts and the quit guard (issue 4)."""

from __future__ import annotations

import asyncio
import errno
import os
import threading
from pathlib import Path
from typing import Any

import pytest
import tomli

from mlseg_tui.domain.text import name_key
from mlseg_tui.ui.app import CatalogApp
from mlseg_tui.ui.screens.conflict_screen import ConflictScreen
from mlseg_tui.ui.screens.quit_screen import QuitScreen
from mlseg_tui.ui.screens.reason_prompt import ReasonPrompt
from mlseg_tui.ui.screens.segment_picker import SegmentPicker
from tests.conftest import make_app, settle
from tests.corpus import SEGMENTS, tool
from tests.screen import wait_for

KAFKA = "tools/apache-kafka.toml"


def on_disk(catalog_dir: Path, name: str = KAFKA) -> dict[str, Any]:
    tools = tomli.loads((catalog_dir / name).read_text(encoding="utf-8"))["tools"]
    assert len(tools) == 1
    return tools[0]


def record_notifications(app: CatalogApp) -> list[tuple[str, str]]:
    """Every notification the app raises, as (message, severity)."""
    seen: list[tuple[str, str]] = []
    original = app.notify

    def notify(message: str, **options: Any) -> None:
        seen.append((str(message), options.get("severity", "information")))
        original(message, **options)

    app.notify = notify  # type: ignore[method-assign]
    return seen


async def highlight(app: CatalogApp, pilot: Any, name: str) -> None:
    tool = app.catalog.find(name)
    assert tool is not None
    app.jump_to_tool(app.tools.index(tool))
    await pilot.pause()


def highlighted(app: CatalogApp) -> str | None:
    index = app.panes[app.active].current_tool
    return None if index is None else app.tools[index].name


def pane_names(app: CatalogApp, pane: int) -> list[str]:
    return [app.tools[index].name for index in app.panes[pane].rows]


async def test_m_picker_and_reason_move_the_tool_and_save_writes_it(catalog_dir: Path) -> None:
    before = on_disk(catalog_dir)
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        notes = record_notifications(app)
        counts = [len(pane.rows) for pane in app.panes]
        await highlight(app, pilot, "Apache Kafka")
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, SegmentPicker)
        await pilot.press("2")  # the picker's order is the panes': Middle of the road second
        await pilot.pause()
        assert isinstance(app.screen, ReasonPrompt)
        await pilot.press(*"Streams became a platform", "enter")
        await pilot.pause()
        # The tool now sits in Middle of the road, highlighted and focused there.
        assert app.active == 1 and app.focused is app.panes[1]
        assert highlighted(app) == "Apache Kafka"
        assert [len(pane.rows) for pane in app.panes] == [
            counts[0],
            counts[1] + 1,
            counts[2] - 1,
            counts[3],
        ]
        assert str(app.panes[1].border_title).endswith(str(counts[1] + 1))
        assert "● 1 unsaved" in app.sub_title
        detail = app.query_one("#detail-body").content.plain  # type: ignore[attr-defined]
        assert "Segment: Middle of the road" in detail
        assert "Streams became a platform" in detail
        assert "History (newest first)" in detail and "Narrow → Middle of the road" in detail
        assert on_disk(catalog_dir) == before  # nothing written before a save
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = on_disk(catalog_dir)
        assert saved["segment"] == "middle"
        assert saved["reasoning"] == "Streams became a platform"
        entry = saved["history"][-1]
        assert (entry["from"], entry["to"]) == ("narrow", "middle")
        assert entry["reason"] == "Streams became a platform"
        assert entry["previous_reasoning"] == before["reasoning"]
        assert "unsaved" not in app.sub_title
        assert (
            "1 tool saved to 1 file. Wrote tools/apache-kafka.toml.",
            "information",
        ) in notes


@pytest.mark.parametrize(
    ("key", "segment"), [("1", "hand-holding"), ("2", "middle"), ("3", "narrow")]
)
async def test_keys_1_to_4_pick_segments_in_the_panes_order(
    catalog_dir: Path, key: str, segment: str
) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await highlight(app, pilot, "Ray")  # in Other, the last segment
        await pilot.press("m", key)
        await pilot.pause()
        assert isinstance(app.screen, ReasonPrompt)
        await pilot.press("enter")  # an empty reason is allowed
        await pilot.pause()
        ray = app.catalog.find("Ray")
        assert ray is not None and ray.segment == segment
        assert ray.history[-1].reason == ""


async def test_picking_the_current_segment_changes_nothing(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await highlight(app, pilot, "Ray")
        await pilot.press("m")
        await pilot.pause()
        options = app.screen.query_one("#picker-options")
        assert "Other  (current)" in str(options.get_option_at_index(3).prompt)  # type: ignore[attr-defined]
        await pilot.press("4")
        await pilot.pause()
        assert not isinstance(app.screen, (SegmentPicker, ReasonPrompt))
        assert app.session.pending_count == 0


async def test_arrows_and_enter_work_in_the_picker(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await highlight(app, pilot, "Grafana")  # narrow; the picker starts on it
        await pilot.press("m", "up", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReasonPrompt)
        await pilot.press(*"dashboards grew", "enter")
        await pilot.pause()
        grafana = app.catalog.find("Grafana")
        assert grafana is not None and grafana.segment == "middle"


@pytest.mark.parametrize("cancel_in", ["picker", "reason"])
async def test_escape_cancels_the_whole_move(catalog_dir: Path, cancel_in: str) -> None:
    before = (catalog_dir / KAFKA).read_bytes()
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await highlight(app, pilot, "Apache Kafka")
        await pilot.press("m")
        if cancel_in == "reason":
            await pilot.press("1", *"half typed")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.screen_stack[0]
        kafka = app.catalog.find("Apache Kafka")
        assert kafka is not None and kafka.segment == "narrow" and not kafka.history
        assert app.session.pending_count == 0 and "unsaved" not in app.sub_title
        assert highlighted(app) == "Apache Kafka" and app.focused is app.panes[2]
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert (catalog_dir / KAFKA).read_bytes() == before


async def test_shift_arrows_and_h_l_move_at_once(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await highlight(app, pilot, "Apache Kafka")
        kafka = app.catalog.find("Apache Kafka")
        assert kafka is not None
        # Along the scale: Hand-holding, Middle of the road, Narrow, then Other.
        steps = [
            ("shift+left", "middle"),
            ("H", "hand-holding"),
            ("shift+right", "middle"),
            ("L", "narrow"),
            ("L", "other"),
            ("H", "narrow"),
        ]
        for key, segment in steps:
            await pilot.press(key)
            await pilot.pause()
            assert kafka.segment == segment, key
            assert app.catalog.segment_ids()[app.active] == segment
            assert highlighted(app) == "Apache Kafka"
            assert app.focused is app.panes[app.active]
            # Issue 12, point 3: the pending moves collapse into one entry, and back
            # where it started the tool has none and nothing is unsaved.
            away = int(segment != "narrow")
            assert len(kafka.history) == away
            assert app.session.pending_count == away
        assert not isinstance(app.screen, (SegmentPicker, ReasonPrompt))


async def test_moving_past_the_last_segment_says_so(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        notes = record_notifications(app)
        await highlight(app, pilot, "Ray")
        await pilot.press("shift+right")
        await pilot.pause()
        assert app.session.pending_count == 0
        assert any("already in the last segment" in message for message, _ in notes)


async def test_undo_and_redo_any_number_of_steps(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        notes = record_notifications(app)
        moves = [("Apache Kafka", "shift+right"), ("Ray", "shift+left"), ("DataRobot", "L")]
        start = {name: app.catalog.find(name).segment for name, _ in moves}  # type: ignore[union-attr]
        for name, key in moves:
            await highlight(app, pilot, name)
            await pilot.press(key)
            await pilot.pause()
        moved = {name: app.catalog.find(name).segment for name, _ in moves}  # type: ignore[union-attr]
        assert moved != start and app.session.pending_count == 3
        for name, _ in reversed(moves):
            await pilot.press("u")
            await pilot.pause()
            assert highlighted(app) == name  # the selection follows the tool
            assert app.catalog.find(name).segment == start[name]  # type: ignore[union-attr]
        assert "unsaved" not in app.sub_title
        await pilot.press("u")
        assert ("Nothing to undo.", "information") in notes
        for name, _ in moves:
            await pilot.press("ctrl+r")
            await pilot.pause()
            assert highlighted(app) == name
            assert app.catalog.find(name).segment == moved[name]  # type: ignore[union-attr]
        assert "● 3 unsaved" in app.sub_title
        # Panes updated move by move hold exactly what a fresh build would show.
        for pane in app.panes:
            expected = [i for i, tool in enumerate(app.tools) if tool.segment == pane.segment_id]
            expected.sort(key=lambda index: (name_key(app.tools[index].name), index))
            assert pane.rows == expected
            assert str(pane.border_title).endswith(f" {len(expected)}")
        await pilot.press("ctrl+r")
        assert ("Nothing to redo.", "information") in notes


async def test_moves_work_while_a_search_is_active(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"apache")
        await settle(pilot)
        await pilot.press("tab")  # from the search box to the filtered panes
        await highlight_in_search(app, pilot, "Apache Kafka")
        shown_before = [len(pane.rows) for pane in app.panes]
        await pilot.press("shift+left")  # Narrow -> Middle of the road
        await pilot.pause()
        assert app.screen.has_class("-searching")  # the search is still on
        assert "Apache Kafka" in pane_names(app, 1)
        assert highlighted(app) == "Apache Kafka" and app.focused is app.panes[1]
        assert [len(pane.rows) for pane in app.panes][1:3] == [
            shown_before[1] + 1,
            shown_before[2] - 1,
        ]
        # (Middle-of-the-road tools whose description says "Apache" match too.)
        assert f"{shown_before[1] + 1}/11" in str(app.panes[1].border_title)
        await pilot.press("u")
        await pilot.pause()
        assert "Apache Kafka" in pane_names(app, 2) and app.active == 2


async def highlight_in_search(app: CatalogApp, pilot: Any, name: str) -> None:
    for number, pane in enumerate(app.panes):
        for row, index in enumerate(pane.rows):
            if app.tools[index].name == name:
                await pilot.press(*(["l"] * ((number - app.active) % 4)))
                pane.move_cursor_to(row)
                await pilot.pause()
                assert highlighted(app) == name
                return
    raise AssertionError(f"{name} is not shown")


@pytest.mark.parametrize("quit_key", ["q", "ctrl+q"])
async def test_quit_guard_cancel_then_discard(catalog_dir: Path, quit_key: str) -> None:
    before = (catalog_dir / KAFKA).read_bytes()
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await highlight(app, pilot, "Apache Kafka")
        await pilot.press("shift+right", quit_key)
        await pilot.pause()
        assert isinstance(app.screen, QuitScreen)
        await pilot.press("c")
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, QuitScreen)
        await pilot.press(quit_key)
        await pilot.pause()
        await pilot.press("escape")  # escape cancels too
        await pilot.pause()
        assert app.is_running
        await pilot.press(quit_key)
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert not app.is_running
    assert (catalog_dir / KAFKA).read_bytes() == before


async def test_quit_guard_save_writes_then_quits(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await highlight(app, pilot, "Apache Kafka")
        await pilot.press("shift+left", "q")
        await pilot.pause()
        await pilot.press("s")
        await settle(pilot)
        assert not app.is_running
    assert on_disk(catalog_dir)["segment"] == "middle"


def edit_behind_the_apps_back(catalog_dir: Path) -> bytes:
    path = catalog_dir / KAFKA
    text = path.read_text(encoding="utf-8").replace(
        'kind = "open-source project"', 'kind = "streaming platform"'
    )
    assert "streaming platform" in text
    path.write_text(text, encoding="utf-8")
    return path.read_bytes()


async def start_conflict(app: CatalogApp, pilot: Any, catalog_dir: Path) -> bytes:
    await highlight(app, pilot, "Apache Kafka")
    await pilot.press("shift+left")
    await pilot.pause()
    outside = edit_behind_the_apps_back(catalog_dir)
    await pilot.press("ctrl+s")
    await pilot.pause()
    assert isinstance(app.screen, ConflictScreen)
    assert "apache-kafka.toml" in app.screen.query_one("#choice-message").content.plain  # type: ignore[attr-defined]
    return outside


async def test_conflict_reload_takes_the_file_from_disk(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        outside = await start_conflict(app, pilot, catalog_dir)
        await pilot.press("r")
        await settle(pilot)
        assert (catalog_dir / KAFKA).read_bytes() == outside
        kafka = app.catalog.find("Apache Kafka")
        assert (
            kafka is not None and kafka.segment == "narrow" and kafka.kind == "streaming platform"
        )
        assert app.session.pending_count == 0 and "unsaved" not in app.sub_title
        assert "Apache Kafka" in pane_names(app, 2)
        assert highlighted(app) == "Apache Kafka"  # the selection survives the reload
        # The reloaded catalog still searches and moves.
        await pilot.press("slash", *"kafka")
        await settle(pilot)
        assert pane_names(app, 2) == ["Apache Kafka"]


async def test_conflict_overwrite_keeps_the_outside_edit_and_the_move(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await start_conflict(app, pilot, catalog_dir)
        await pilot.press("o")
        await settle(pilot)
        saved = on_disk(catalog_dir)
        assert saved["segment"] == "middle" and saved["kind"] == "streaming platform"
        assert app.session.pending_count == 0


async def test_conflict_cancel_writes_nothing(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        outside = await start_conflict(app, pilot, catalog_dir)
        await pilot.press("c")
        await settle(pilot)
        assert (catalog_dir / KAFKA).read_bytes() == outside
        assert app.session.pending_count == 1 and "● 1 unsaved" in app.sub_title


async def test_failed_write_reports_the_file_and_keeps_the_move(
    catalog_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (catalog_dir / KAFKA).read_bytes()

    def full_disk(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        notes = record_notifications(app)
        await highlight(app, pilot, "Apache Kafka")
        await pilot.press("shift+left")
        monkeypatch.setattr(os, "replace", full_disk)
        await pilot.press("ctrl+s")
        await settle(pilot)
        errors = [message for message, severity in notes if severity == "error"]
        assert len(errors) == 1
        assert "apache-kafka.toml" in errors[0] and "disk full" in errors[0]
        assert app.session.pending_count == 1 and "● 1 unsaved" in app.sub_title
        assert (catalog_dir / KAFKA).read_bytes() == before
        assert not [p for p in (catalog_dir / "tools").iterdir() if p.name.startswith(".")]
        monkeypatch.undo()
        await pilot.press("ctrl+s")  # the move is still there to save
        await settle(pilot)
        assert on_disk(catalog_dir)["segment"] == "middle"


async def test_an_overwrite_that_would_leave_the_moved_tool_out_is_refused_and_undo_works(
    tmp_path: Path,
) -> None:
    # Bug 1: the overwrite's re-read left out the moved tool (an alias it was given on disk
    # clashes with another file's tool); `u` then raised ValueError in the app. Since the
    # review of issue 12 such an overwrite is refused (the move would be lost): the move
    # stays pending and `u` undoes it.
    root = tmp_path / "catalog"
    root.mkdir()
    (root / "segments.toml").write_text(SEGMENTS, encoding="utf-8")
    (root / "alpha.toml").write_text(tool("Alpha"), encoding="utf-8")
    (root / "beta.toml").write_text(tool("Beta"), encoding="utf-8")
    app = make_app(root)
    async with app.run_test(size=(120, 40)) as pilot:
        notes = record_notifications(app)
        await highlight(app, pilot, "Alpha")
        await pilot.press("shift+right")
        await pilot.pause()
        alpha = app.catalog.find("Alpha")
        assert alpha is not None and alpha.segment == "middle"
        (root / "alpha.toml").write_text(tool("Alpha", extra='aliases = ["Beta"]\n'))
        await pilot.press("ctrl+s")
        await wait_for(pilot, "File changed on disk")
        await pilot.press("o")
        await settle(pilot)
        assert app.catalog.find("Alpha") is alpha and app.session.pending_count == 1
        refused = [message for message, _ in notes if "not overwritten" in message]
        assert refused and "alpha.toml:1:1:" in refused[0] and "already used" in refused[0]
        assert not [message for message, _ in notes if "left out" in message]
        await pilot.press("u")
        await pilot.pause()
        assert app.is_running and alpha.segment == "narrow"
        assert app.session.pending_count == 0


async def test_a_save_runs_off_the_event_loop_and_no_move_slips_in_meanwhile(
    catalog_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mlseg_tui.store.catalog_store import CatalogStore
    from mlseg_tui.ui.controllers import store_thread

    started, release = threading.Event(), threading.Event()
    real_save = CatalogStore.save

    def slow_save(self: CatalogStore, *args: Any, **kwargs: Any) -> Any:
        started.set()
        release.wait(timeout=30)  # a slow disk
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(CatalogStore, "save", slow_save)
    monkeypatch.setattr(store_thread, "SLOW_DISK_SECONDS", 0.05)
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        notes = record_notifications(app)
        await highlight(app, pilot, "Apache Kafka")
        await pilot.press("shift+left", "ctrl+s")
        assert await asyncio.to_thread(started.wait, 30)
        # The save waits in its thread, the user hears why, and the browser still answers.
        for _ in range(200):
            if ("Still saving: the disk is slow.", "information") in notes:
                break
            await pilot.pause(0.02)
        assert ("Still saving: the disk is slow.", "information") in notes
        pane = app.panes[app.active]
        row = pane.cursor
        await pilot.press("down", "shift+right", "u")
        await pilot.pause()
        assert pane.cursor == row + 1
        assert app.session.pending_count == 1  # no move, no undo while saving
        assert any(message.startswith("Still saving; try again") for message, _ in notes)
        assert on_disk(catalog_dir)["segment"] == "narrow"
        release.set()
        await settle(pilot)
        assert on_disk(catalog_dir)["segment"] == "middle"
        assert app.session.pending_count == 0
        assert (
            "1 tool saved to 1 file. Wrote tools/apache-kafka.toml.",
            "information",
        ) in notes
