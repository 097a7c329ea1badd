"""The widgets on their own, in a bare Textual app without the browser's stylesheet: their
own look (DEFAULT_CSS), the tool list's scrollbar and rows, the search field's repaints."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.segment import Segment
from rich.style import Style
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widget import Widget

from mlseg_tui.domain.model import Catalog, SourceRef, Tool
from mlseg_tui.search.result import Match
from mlseg_tui.ui.widgets.detail import DetailPanel
from mlseg_tui.ui.widgets.key_bar import KeyBar
from mlseg_tui.ui.widgets.search_bar import SearchBar, SearchInput
from mlseg_tui.ui.widgets.tab_strip import TabStrip
from mlseg_tui.ui.widgets.title_bar import TitleBar
from mlseg_tui.ui.widgets.tool_list import ToolList
from mlseg_tui.ui.widgets.tool_rows import RowPainter, changed_lines, fit, highlighted

TOOLS = [
    Tool(name=f"tool {number:03}", segment="a", reasoning="", source=SourceRef(Path("t"), number))
    for number in range(200)
]


class Bare(App[None]):
    """Only the widgets under test, with no stylesheet of the browser's."""

    def __init__(self, *widgets: Widget) -> None:
        super().__init__()
        self._widgets = widgets

    def compose(self) -> ComposeResult:
        yield from self._widgets


def count_layouts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """From now on, count the layout passes of any screen (in the list's one item)."""
    layouts = [0]
    real_refresh_layout = Screen._refresh_layout

    def counting(self: Screen[object], *args: object, **kwargs: object) -> None:
        layouts[0] += 1
        real_refresh_layout(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Screen, "_refresh_layout", counting)
    return layouts


async def test_widgets_bring_their_own_look() -> None:
    pane = ToolList("a", TOOLS, list(range(10)))
    detail = DetailPanel(Catalog(root=Path("."), segments=[], tools=TOOLS), TOOLS[0])
    app = Bare(TitleBar(), TabStrip([("A", "1")], 0), SearchBar(), pane, detail, KeyBar())
    async with app.run_test(size=(80, 24)):
        assert app.query_one(TitleBar).outer_size.height == 1
        assert app.query_one(KeyBar).outer_size.height == 1
        assert app.query_one(SearchBar).outer_size.height == 1
        assert app.query_one(SearchInput).styles.border.top[0] == ""
        # The focused pane is drawn heavy so it stands out in any theme; others round.
        assert pane.has_focus and pane.styles.border.top[0] == "heavy"
        assert pane.styles.overflow_x == "hidden"
        assert pane.get_component_rich_style("tool-list--tentative").bold
        assert pane.get_component_rich_style("tool-list--empty").italic
        assert detail.styles.border.top[0] == "round" and detail.styles.padding.left == 1


async def test_tool_list_scrollbar_follows_its_rows_without_a_layout_until_it_toggles(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pane = ToolList("a", TOOLS, list(range(100)))
    async with Bare(pane).run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        bar = pane.vertical_scrollbar
        assert pane.show_vertical_scrollbar and bar.window_virtual_size == 100
        layouts = count_layouts(monkeypatch)
        pane.set_rows(list(range(50)))  # still more rows than lines: only the thumb changes
        await pilot.pause()
        assert layouts[0] == 0
        assert pane.show_vertical_scrollbar and bar.window_virtual_size == 50
        pane.set_rows(list(range(3)))  # fits: the bar goes, which is a layout
        await pilot.pause()
        assert not pane.show_vertical_scrollbar and not bar.display
        pane.set_rows(list(range(80)), scrollbar_later=True)
        await pilot.pause()
        assert pane.scrollbar_stale and not pane.show_vertical_scrollbar
        pane.sync_scrollbar()
        await pilot.pause()
        assert not pane.scrollbar_stale
        assert pane.show_vertical_scrollbar and bar.display and bar.window_virtual_size == 80
        ours = (bar.window_virtual_size, bar.window_size, pane.scroll_y, pane.max_scroll_y)
        pane.refresh(layout=True)  # what Textual's own layout pass makes of the same rows
        await pilot.pause()
        assert pane.show_vertical_scrollbar and bar.display
        assert (bar.window_virtual_size, bar.window_size, pane.scroll_y, pane.max_scroll_y) == ours


async def test_search_field_repaints_itself_only_and_scrolls_with_long_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[str] = []
    field = SearchInput()
    field.on_text = seen.append
    async with Bare(field).run_test(size=(30, 5)) as pilot:
        field.focus()
        field.cursor_blink = False
        await pilot.pause()
        layouts = count_layouts(monkeypatch)
        await pilot.press(*"abcdefghijklmnopqrstuvwxyz0123456789")
        await pilot.pause()
        assert layouts[0] == 0
        assert seen[0] == "a" and seen[-1] == field.value and len(seen) == 36
        assert field.virtual_size.width == len(field.value) + 1  # the text's scroll range
        assert field.scroll_x > 0  # the cursor at the end stays in view
        await pilot.press("home")
        await pilot.pause()
        assert field.scroll_x == 0


def test_changed_lines_are_runs_of_lines_that_differ() -> None:
    old: list[tuple[object, ...] | None] = [("a",), ("b",), None, ("d",), ("e",), None]
    new: list[tuple[object, ...] | None] = [("a",), ("x",), ("y",), ("d",), ("z",), None]
    assert changed_lines(old, new) == [(1, 2), (4, 4)]
    assert changed_lines(old, old) == []


def test_fit_pads_or_cuts_a_row_to_the_width_with_an_ellipsis() -> None:
    plain, bold = Style(), Style(bold=True)
    padded = fit([Segment("ab", plain), Segment("c", bold)], 6, plain)
    assert padded.text == "abc   " and padded.cell_length == 6
    assert list(padded)[-1].style == bold
    cut = fit([Segment("abcdefgh", plain)], 5, plain)
    assert cut.text == "abcd…" and cut.cell_length == 5
    assert fit([Segment("日本語", plain)], 4, plain).cell_length == 4


def test_highlighted_styles_the_hit_characters_in_runs() -> None:
    plain, hit = Style(), Style(underline=True)
    segments = highlighted("kubeflow", [0, 1, 4], plain, hit)
    assert [(s.text, s.style) for s in segments] == [
        ("ku", hit),
        ("be", plain),
        ("f", hit),
        ("low", plain),
    ]


def test_a_row_shows_the_query_only_when_the_tool_matched_it() -> None:
    painter = RowPainter()
    tool = TOOLS[0]
    painter.set_query("to")
    unmatched = painter.shows(tool, None, False)
    painter.set_query("too")
    assert painter.shows(tool, None, False) == unmatched  # drawn alike: no highlight
    match = Match(0, 1.0, tool.name, False)
    assert painter.shows(tool, match, False) != painter.shows(tool, match, True)
    before = painter.shows(tool, match, False)
    painter.set_query("tool")
    assert painter.shows(tool, match, False) != before
