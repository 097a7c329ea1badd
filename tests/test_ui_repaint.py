"""Cheap repaints while typing: only changed pane lines are drawn again, no layout pass per
keystroke, and none of it leaves the screen different from a full repaint."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.segment import Segment
from textual.geometry import Region
from textual.pilot import Pilot
from textual.screen import Screen

from mlseg_tui.ui.app import CatalogApp
from mlseg_tui.ui.screens import main_screen
from tests.conftest import make_app, settle


def drawn(app: CatalogApp) -> list[list[list[Segment]]]:
    """Each pane's lines as the screen gets them (lines not repainted come from Textual's
    cache of drawn lines), as text and style."""
    return [
        [list(strip) for strip in pane.render_lines(Region(0, 0, *pane.outer_size))]
        for pane in app.panes
    ]


async def drawn_in_full(pilot: Pilot[None], app: CatalogApp) -> list[list[list[Segment]]]:
    """The panes' lines once every pane is drawn again from scratch."""
    for pane in app.panes:
        pane.refresh()
    await pilot.pause()
    return drawn(app)


@pytest.mark.parametrize("size", [(120, 40), (160, 14)])
async def test_partial_repaints_draw_what_a_full_repaint_draws(
    catalog_dir: Path, size: tuple[int, int]
) -> None:
    """Each step repaints only the pane lines (and the title line) that changed; what the
    screen then shows must equal the panes drawn again in full."""
    app = make_app(catalog_dir)
    steps: list[tuple[str, ...]] = [
        ("slash", "f"),
        ("l",),
        ("o", "w"),
        ("backspace",),
        ("down", "down"),
        ("up",),
        ("ctrl+u",),
        ("k", "8"),
        ("backspace", "backspace", "z", "z", "z"),
        ("backspace", "backspace", "backspace", "s", "a"),
        ("tab", "down", "down", "end", "home"),
        ("escape",),
        ("down", "pagedown", "right", "down"),
    ]
    async with app.run_test(size=size) as pilot:
        for keys in steps:
            await pilot.press(*keys)
            await settle(pilot)
            shown = drawn(app)
            assert shown == await drawn_in_full(pilot, app), keys


async def test_typing_asks_for_no_layout_and_scrollbars_follow_once_typing_pauses(
    catalog_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A scrollbar appearing or vanishing is a layout pass of the whole screen, a new thumb
    or active pane repaints a whole bar or pane: while keys come in, they wait, and are
    settled along with the detail when typing pauses."""
    monkeypatch.setattr(main_screen, "DETAIL_AFTER_TYPING", 3600.0)  # typing never pauses
    layouts = 0
    real_refresh_layout = Screen._refresh_layout

    def counting(self: Screen, *args: object, **kwargs: object) -> None:
        nonlocal layouts
        layouts += 1
        real_refresh_layout(self, *args, **kwargs)  # type: ignore[arg-type]

    app = make_app(catalog_dir)
    async with app.run_test(size=(160, 14)) as pilot:  # panes of a few rows: they scroll
        await pilot.press("slash")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert any(pane.show_vertical_scrollbar for pane in app.panes)
        monkeypatch.setattr(Screen, "_refresh_layout", counting)
        for key in "flow":
            await pilot.press(key)
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        assert app.search_text == "flow" and app.detail_pending
        assert layouts == 0
        stale = [pane for pane in app.panes if pane.scrollbar_stale]
        assert stale  # "flow" leaves a few rows in panes that overflowed
        for pane in stale:
            assert pane.show_vertical_scrollbar != (len(pane.rows) > pane.container_size.height)
        app.view.show_detail()  # what the pause in typing does
        await pilot.pause()
        assert [pane.has_class("-active") for pane in app.panes] == [
            number == app.active for number in range(len(app.panes))
        ]
        for pane in app.panes:
            assert not pane.scrollbar_stale
            assert pane.show_vertical_scrollbar == (len(pane.rows) > pane.container_size.height)
