"""Keys typed before a dialog has opened reach that dialog, in order (key_order.py).

Each burst is sent twice: every key posted before the app handles any (as Textual's driver
posts the keys of one read from the terminal), and through one `pilot.press` call. The
key that opens a dialog and the keys meant for it are in the same burst, backspaces too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input

from mlseg_tui.domain.model import Tool
from mlseg_tui.ui.app import CatalogApp
from mlseg_tui.ui.screens.main_screen import MainScreen
from mlseg_tui.ui.screens.tool_form import ToolForm
from tests.conftest import make_app, settle
from tests.test_ui_bursts import burst

Send = Callable[[Pilot[object], tuple[str, ...]], Awaitable[None]]


async def _burst(pilot: Pilot[object], keys: tuple[str, ...]) -> None:
    await burst(pilot, *keys)


async def _press(pilot: Pilot[object], keys: tuple[str, ...]) -> None:
    await pilot.press(*keys)
    await settle(pilot)


SENDS = pytest.mark.parametrize("send", [_burst, _press], ids=["posted-at-once", "pilot-press"])


def top_of_pane(app: CatalogApp, pane: int) -> Tool:
    index = app.panes[pane].rows[0]
    return app.tools[index]


@SENDS
@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ([*"fast"], "fast"),
        ([*"fasx", "backspace", "t"], "fast"),
        ([*"slow", "backspace", "backspace", "backspace", "backspace", *"fast"], "fast"),
    ],
)
async def test_move_picker_then_reason_prompt_take_one_burst(
    catalog_dir: Path, send: Send, typed: list[str], reason: str
) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        tool = top_of_pane(app, 2)
        target = app.catalog.segments[3].id
        await send(pilot, ("3", "home", "m", "4", *typed, "enter"))
        assert isinstance(app.screen, MainScreen)
        assert tool.segment == target
        assert tool.reasoning == reason
        assert tool.history[-1].reason == reason
        assert app.session.pending_count == 1


@SENDS
async def test_keys_after_the_reason_prompt_closes_reach_the_panes(
    catalog_dir: Path, send: Send
) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        tool = top_of_pane(app, 0)
        target = app.catalog.segments[1].id
        # After enter: j moves the cursor in the pane, m and escape open and close a picker.
        await send(pilot, ("1", "home", "m", "2", *"ok", "enter", "j", "m", "escape"))
        assert isinstance(app.screen, MainScreen)
        assert tool.segment == target and tool.reasoning == "ok"
        assert app.panes[1].cursor == app.panes[1].rows.index(app.tools.index(tool)) + 1


@SENDS
async def test_add_form_opened_in_a_burst_takes_the_name(catalog_dir: Path, send: Send) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await send(pilot, ("a", "Z", "e", "x", "backspace", "t", "a"))
        assert isinstance(app.screen, ToolForm)
        assert app.screen.query_one("#field-name", Input).value == "Zeta"


@SENDS
async def test_add_form_accepted_in_the_same_burst(catalog_dir: Path, send: Send) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        count = len(app.tools)
        # The first ctrl+s finds the reasoning missing and focuses it: the keys follow.
        keys = ("a", *"Zetq", "backspace", "a", "ctrl+s", *"whx", "backspace", "y", "ctrl+s")
        await send(pilot, keys)
        assert isinstance(app.screen, MainScreen)
        assert len(app.tools) == count + 1
        zeta = app.catalog.find("Zeta")
        assert zeta is not None and zeta.reasoning == "why"


@SENDS
async def test_edit_form_opened_in_a_burst_takes_the_keys(catalog_dir: Path, send: Send) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        tool = top_of_pane(app, 0)
        name = tool.name
        await send(pilot, ("1", "home", "e", "backspace", "backspace", *"XY", "end", "!"))
        assert isinstance(app.screen, ToolForm)
        assert app.screen.query_one("#field-name", Input).value == name[:-2] + "XY!"


@SENDS
async def test_palette_opened_in_a_burst_takes_the_query(catalog_dir: Path, send: Send) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await send(pilot, ("ctrl+p", *"dracx", "backspace", *"ula"))
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(Input).value == "dracula"


@SENDS
async def test_search_opened_in_a_burst_then_a_move(catalog_dir: Path, send: Send) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        kafka = app.catalog.find("Apache Kafka")
        assert kafka is not None
        target = app.catalog.segments[0].id
        keys = ("slash", *"kafkx", "backspace", "a", "enter", "m", "1", *"why", "enter")
        await send(pilot, keys)
        assert isinstance(app.screen, MainScreen)
        assert kafka.segment == target and kafka.reasoning == "why"


@SENDS
@pytest.mark.parametrize("answer", ["c", "d"])
async def test_quit_dialog_answered_in_the_same_burst(
    catalog_dir: Path, send: Send, answer: str
) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        tool = top_of_pane(app, 0)
        await send(pilot, ("1", "home", "L", "q", answer, "j"))
        assert tool.segment == app.catalog.segments[1].id
        if answer == "c":  # stayed: the j after the answer moved the pane's cursor
            assert isinstance(app.screen, MainScreen)
            pane = app.panes[app.active]
            assert pane.cursor == pane.rows.index(app.tools.index(tool)) + 1
        else:
            assert app.return_code == 0  # quit without saving
