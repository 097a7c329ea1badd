"""The main screen's widgets, top to bottom: the title bar, the tab strip (narrow
layouts), the scale's axis (wide layout), the segment panes, the scale view's list, the
detail panel and the key bar. The search bar is mounted on the first `/`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Container

from mlseg_tui.domain.text import one_line
from mlseg_tui.ui.screens.labels import pane_title
from mlseg_tui.ui.widgets.detail import DetailPanel
from mlseg_tui.ui.widgets.key_bar import KeyBar
from mlseg_tui.ui.widgets.pane_row import PaneRow
from mlseg_tui.ui.widgets.scale_axis import ScaleAxis
from mlseg_tui.ui.widgets.tab_strip import TabStrip
from mlseg_tui.ui.widgets.title_bar import TitleBar
from mlseg_tui.ui.widgets.tool_list import ToolList

if TYPE_CHECKING:
    from mlseg_tui.ui.screens.main_screen import MainScreen

EMPTY_SEGMENT = "No tools in this segment"


def main_widgets(screen: MainScreen) -> ComposeResult:
    """The widgets of `screen`, its panes and active pane set as they are made.

    The first frame is built here, complete, so that mounting causes no second layout
    pass: rows, the active pane, titles and the detail are all known now.
    """
    placement = screen.placement
    rows = placement.rows()
    segments = screen.catalog.segments
    screen.active = next((i for i, s in enumerate(segments) if rows.get(s.id)), 0)
    yield TitleBar(id="title-bar")
    titles = [(one_line(s.title), str(placement.total(s.id))) for s in segments]
    # The segments on the scale come first (the domain's display order).
    on_scale = sum(segment.scale_position is not None for segment in segments)
    yield TabStrip(titles, screen.active, on_scale, id="tabs")
    with Container(id="body"):
        if on_scale:
            yield ScaleAxis(id="scale-axis")
        with PaneRow(screen.refresh_titles, id="panes"):  # titles fit the settled width
            for index, segment in enumerate(segments):
                name, total = titles[index]
                pane = ToolList(
                    segment.id,
                    screen.tools,
                    rows.get(segment.id, []),
                    id=f"pane-{index}",
                    classes="-active" if index == screen.active else None,
                )
                pane.empty_message = EMPTY_SEGMENT
                pane.set_title(pane_title(name, total, 0))
                screen.panes.append(pane)
                yield pane
        yield screen.scale.list
        first = screen.panes[screen.active].current_tool
        yield DetailPanel(screen.catalog, screen.tool_at(first), id="detail")
    yield KeyBar(id="key-bar")
