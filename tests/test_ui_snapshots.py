"""Screenshots of the browser compared with approved SVGs in tests/__snapshots__/.

Update them after a deliberate change with `pytest tests/test_ui_snapshots.py --snapshot-update`
and look at the new SVGs before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from mlseg_tui.ui.widgets.search_bar import SearchInput
from tests.conftest import make_app, settle


def test_main_screen_wide(snap_compare, catalog_dir: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(catalog_dir), terminal_size=(120, 40))


def test_main_screen_narrow(snap_compare, catalog_dir: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(catalog_dir), press=["l", "j"], terminal_size=(80, 24))


def test_search_active(snap_compare, catalog_dir: Path) -> None:  # type: ignore[no-untyped-def]
    async def type_query(pilot: Pilot[object]) -> None:
        await pilot.press("slash")
        pilot.app.query_one(SearchInput).cursor_blink = False
        await pilot.press(*"flow", "down")
        await settle(pilot)

    assert snap_compare(make_app(catalog_dir), terminal_size=(120, 40), run_before=type_query)


def test_help_screen(snap_compare, catalog_dir: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(make_app(catalog_dir), press=["question_mark"], terminal_size=(100, 40))


def test_edit_form(snap_compare, catalog_dir: Path) -> None:  # type: ignore[no-untyped-def]
    async def edit_with_an_error(pilot: Pilot[object]) -> None:
        from textual.widgets import Input

        await pilot.press("e")
        await pilot.pause()
        name = pilot.app.screen.query_one("#field-name", Input)
        name.cursor_blink = False
        await pilot.press("ctrl+u", *"Databricks")  # a name another tool has: its error shows
        await pilot.pause()

    assert snap_compare(
        make_app(catalog_dir), terminal_size=(80, 24), run_before=edit_with_an_error
    )


def test_add_form_at_40x12(snap_compare, catalog_dir: Path) -> None:  # type: ignore[no-untyped-def]
    async def add(pilot: Pilot[object]) -> None:
        from textual.widgets import Input

        await pilot.press("a")
        await pilot.pause()
        pilot.app.screen.query_one("#field-name", Input).cursor_blink = False

    assert snap_compare(make_app(catalog_dir), terminal_size=(40, 12), run_before=add)


# Borders must show in any theme: a light one and a low-contrast dark one, searching, so the
# focused field, the active pane and the other panes' borders are all on screen.
@pytest.mark.parametrize("theme", ["textual-light", "nord"])
def test_main_screen_in_other_themes(snap_compare, catalog_dir: Path, theme: str) -> None:  # type: ignore[no-untyped-def]
    async def search(pilot: Pilot[object]) -> None:
        pilot.app.theme = theme
        await pilot.press("slash")
        pilot.app.query_one(SearchInput).cursor_blink = False
        await pilot.press(*"flow")
        await settle(pilot)

    assert snap_compare(make_app(catalog_dir), terminal_size=(120, 30), run_before=search)
