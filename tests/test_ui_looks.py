"""How the browser looks (issue 12): borders and the active pane in every bundled theme,
the current search match, the search status, and small terminals."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.color import Color

from mlseg_tui.ui.app import CatalogApp
from mlseg_tui.ui.widgets.detail import DetailPanel
from mlseg_tui.ui.widgets.title_bar import fitted
from mlseg_tui.ui.widgets.tool_list import ToolList
from tests.conftest import make_app, settle
from tests.screen import screen_lines


def contrast(a: Color, b: Color) -> float:
    """The WCAG contrast ratio of two colours (1: the same, 21: black on white)."""

    def luminance(color: Color) -> float:
        def channel(value: int) -> float:
            v = value / 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def border(widget: ToolList | DetailPanel) -> tuple[str, Color, Color]:
    """The border's type, its colour as drawn, and the background it is drawn on."""
    kind, color = widget.styles.border_top
    background = widget.background_colors[1]
    return kind, background + color, background


# A border a user can see, though quieter than the text.
VISIBLE = 1.4


async def test_borders_and_the_active_pane_show_in_every_bundled_theme(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("l")  # Middle of the road focused and active
        for theme in sorted(app.available_themes):
            app.theme = theme
            await pilot.pause()
            focused, blurred = app.panes[1], app.panes[2]
            detail = app.query_one(DetailPanel)
            kinds = {border(pane)[0] for pane in app.panes if pane is not focused}
            # The focused pane is drawn heavy, every other one round: told apart by shape.
            assert border(focused)[0] == "heavy" and kinds == {"round"}, theme
            assert border(detail)[0] == "round", theme
            if theme.startswith("ansi-"):
                continue  # the terminal's own colours: its default foreground on its background
            for widget in (blurred, detail):
                _, color, background = border(widget)
                assert contrast(color, background) >= VISIBLE, (theme, widget)
            _, color, background = border(focused)
            assert contrast(color, background) >= VISIBLE, theme
        await pilot.press("enter")  # the detail focused: the pane stays the active one
        await pilot.pause()
        active, other = app.panes[1], app.panes[2]
        assert border(app.query_one(DetailPanel))[0] == "heavy"
        assert contrast(*border(active)[1:]) > contrast(*border(other)[1:])


def cursor_background(pane: ToolList) -> Color | None:
    strip = pane.render_line(pane.cursor - round(pane.scroll_y))
    styles = [segment.style for segment in strip if segment.style and segment.style.bgcolor]
    assert styles
    return Color.from_rich_color(styles[0].bgcolor)


async def test_the_match_enter_jumps_to_stands_out_in_the_wide_layout(catalog_dir: Path) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.press("slash", *"flow")
        await settle(pilot)
        await pilot.press("down")
        await settle(pilot)
        shown = [pane for pane in app.panes if pane.rows]
        assert len(shown) >= 3
        active = app.panes[app.active]
        result = app.search.last_result
        assert result is not None and active.current_tool == result.tool_at(1)
        others = {cursor_background(pane) for pane in shown if pane is not active}
        assert len(others) == 1  # every other pane's cursor looks alike, dim
        assert cursor_background(active) not in others
        # ... and as a focused pane's cursor does.
        await pilot.press("tab")
        await pilot.pause()
        assert isinstance(app.focused, ToolList)
        assert cursor_background(app.focused) == cursor_background(active)


@pytest.mark.parametrize("theme", ["textual-light", "nord"])
async def test_the_current_match_stands_out_in_other_themes(catalog_dir: Path, theme: str) -> None:
    app: CatalogApp = make_app(catalog_dir)
    async with app.run_test(size=(160, 40)) as pilot:
        app.theme = theme
        await pilot.press("slash", *"flow")
        await settle(pilot)
        active = app.panes[app.active]
        others = {cursor_background(pane) for pane in app.panes if pane.rows and pane is not active}
        assert cursor_background(active) not in others


@pytest.mark.parametrize(("width", "shown"), [(160, True), (100, True), (60, False)])
async def test_the_search_status_names_the_query_when_there_is_room(
    catalog_dir: Path, width: int, shown: bool
) -> None:
    app = make_app(catalog_dir)
    async with app.run_test(size=(width, 30)) as pilot:
        await pilot.press("slash", *"zzqxjv")
        await settle(pilot)
        status = app.query_one("#search-status")
        line = screen_lines(app)[status.region.y][status.region.x : status.region.right]
        assert ("No tools match 'zzqxjv'" in line) is shown, line
        assert line.strip().startswith("No tools match")


def test_a_narrow_title_keeps_the_end_of_its_sub_title() -> None:
    sub_title = "catalog: catalog  ● 2 unsaved"
    assert fitted("mlseg-tui", sub_title, 80) == ("mlseg-tui — ", sub_title)
    name, kept = fitted("mlseg-tui", sub_title, 20)
    assert name == "" and kept.endswith("● 2 unsaved") and kept.startswith("…")
    assert len(kept) <= 18
