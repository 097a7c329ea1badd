"""The browser's main screen: a pane per segment, the detail panel and the bars.

It shows what the workflows decide (the rows of each pane, the active pane, the tool in
the detail) and knows where each tool sits through the catalog's `Placement`; it knows
nothing of searching, saving or the disk.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, Literal

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget

from mlseg_tui.domain.model import Catalog, Tool
from mlseg_tui.domain.placement import Placement
from mlseg_tui.domain.text import one_line
from mlseg_tui.ui.screens.labels import pane_title
from mlseg_tui.ui.screens.main_layout import EMPTY_SEGMENT, main_widgets
from mlseg_tui.ui.screens.scale_view import ScaleView
from mlseg_tui.ui.widgets.detail import DetailPanel
from mlseg_tui.ui.widgets.key_bar import KeyBar
from mlseg_tui.ui.widgets.scale_axis import ScaleAxis
from mlseg_tui.ui.widgets.tab_strip import TabStrip
from mlseg_tui.ui.widgets.tool_list import ToolList

if TYPE_CHECKING:
    from textual.timer import Timer

    from mlseg_tui.ui.widgets.search_bar import SearchBar

# Seconds of no typing before the detail follows a search's best match: while typing, the
# eye is on the panes, and drawing a detail costs a layout pass of the whole screen.
DETAIL_AFTER_TYPING = 0.15

# When the detail shows the highlighted tool: now, in the next frame, or once typing pauses.
DetailWhen = Literal["now", "soon", "after typing"]
# The active pane and each pane's highlighted tool: what a reload keeps in view.
Selection = tuple[int, list[Tool | None]]


class MainScreen(Screen[None]):
    """Four segment panes (their rows are tool indices), the detail, title and key bars."""

    # The zoomed detail (z) keeps the unsaved count and the keys in view.
    ALLOW_IN_MAXIMIZED_VIEW: ClassVar[str] = "#title-bar, #key-bar"

    def __init__(self, catalog: Catalog, placement: Placement, classes: str = "") -> None:
        super().__init__(id="_default", classes=classes)
        self.catalog = catalog
        self.placement = placement
        self.tools: Sequence[Tool] = catalog.tools  # what the panes' rows index into
        self.active = 0
        self.query_text = ""  # a search's text: pane titles then count "shown/total"
        self.panes: list[ToolList] = []
        self.scale = ScaleView(catalog, placement, self.tools)  # the `s` view
        self._detail_timer: Timer | None = None
        self._search_bar: SearchBar | None = None  # mounted by the first search

    def widgets(self) -> ComposeResult:
        """The screen's widgets (`main_layout`), which the app composes (see
        `CatalogApp.compose`)."""
        yield from main_widgets(self)

    # --- what is shown ----------------------------------------------------------------

    def tool_at(self, tool_index: int | None) -> Tool | None:
        return None if tool_index is None else self.tools[tool_index]

    def current_list(self) -> ToolList:
        """The list whose highlighted tool the detail shows: the active pane, or the scale."""
        return self.scale.list if self.scale.shown else self.panes[self.active]

    def current_tool(self) -> Tool | None:
        """The highlighted tool of the active pane (or of the scale view)."""
        return self.tool_at(self.current_list().current_tool)

    def cursors(self) -> list[int | None]:
        """Each pane's highlighted tool index."""
        return [pane.current_tool for pane in self.panes]

    def selection(self) -> Selection:
        """The active pane and each pane's highlighted Tool, to find again after a reload."""
        return self.active, [self.tool_at(index) for index in self.cursors()]

    def pane_of(self, tool_index: int) -> int:
        """The pane that shows tool `tool_index` outside a search."""
        return self.placement.position(tool_index)

    # --- changing it ------------------------------------------------------------------

    def set_catalog(self, catalog: Catalog, placement: Placement) -> None:
        """Show another catalog (the full load after a preview); `fill_panes` next."""
        self.catalog = catalog
        self.placement = placement
        self.show_tools(catalog.tools)
        self.scale.set_catalog(catalog, placement)
        self.query_one(DetailPanel).set_catalog(catalog)

    def show_tools(self, tools: Sequence[Tool]) -> None:
        """The list the panes' rows index into (a copy while a thread re-reads files)."""
        self.tools = tools
        for pane in self.panes:
            pane.set_tools(tools)
        self.scale.set_tools(tools)

    def fill_panes(
        self, cursors: Sequence[int | None], active: int | None, typing: bool = False
    ) -> None:
        """Show every tool again, each pane's cursor on the given tool where possible.

        `active` None makes the first pane that has tools active. `typing`: a query was
        erased, so the detail and scrollbars wait for typing to pause.
        """
        rows = self.placement.rows()
        for pane, cursor in zip(self.panes, cursors, strict=True):
            pane.empty_message = EMPTY_SEGMENT
            pane.set_rows(
                rows.get(pane.segment_id, []), None, "", select=cursor, scrollbar_later=typing
            )
        if active is None:
            active = next((i for i, pane in enumerate(self.panes) if pane.rows), 0)
        if self.scale.shown:
            self.scale.fill(select=cursors[active], typing=typing)
        self.set_active(active, detail="after typing" if typing else "now")

    def restore(self, selection: Selection) -> None:
        """Show every tool of the catalog, as re-read, keeping `selection` in view."""
        self.show_tools(self.catalog.tools)
        position = {id(tool): index for index, tool in enumerate(self.tools)}
        active, tools = selection
        cursors = [None if tool is None else position.get(id(tool)) for tool in tools]
        focused = cursors[active]
        if focused is not None:  # the highlighted tool may have changed segment on disk
            active = self.pane_of(focused)
            cursors[active] = focused
        self.fill_panes(cursors, active)
        self.show_detail(changed=True)  # the highlighted tool may have been re-read
        self.focus_now(self.current_list())

    def moved(self, tool_index: int, left: str) -> None:
        """Tool `tool_index` just left segment `left`: update the two panes concerned (no
        search shown), the tool highlighted in its new pane."""
        rows = self.placement.rows()
        for pane in self.panes:
            if pane.segment_id == left and tool_index in pane.rows:
                keep = pane.current_tool
                remaining = rows.get(left, [])
                if keep == tool_index:  # the cursor stays on the row the tool left
                    keep = remaining[min(pane.cursor, len(remaining) - 1)] if remaining else None
                pane.set_rows(remaining, select=keep)
        pane = self.panes[self.pane_of(tool_index)]
        pane.set_rows(rows.get(pane.segment_id, []), select=tool_index)

    def show_pane(self, index: int) -> None:
        if 0 <= index < len(self.panes):
            self.set_active(index)
            self.focus_now(self.panes[index])

    def show_tool(self, tool_index: int) -> None:
        """Highlight and focus `tool_index` in its pane (no search shown)."""
        pane = self.pane_of(tool_index)
        self.panes[pane].select_tool(tool_index)
        self.show_pane(pane)

    def set_active(self, index: int, detail: DetailWhen = "now") -> None:
        """Make pane `index` active; its tool's detail is shown `detail`.

        While typing, with every pane on screen, the active pane's look follows along
        with the detail: a pane's class change restyles it and repaints it whole.
        """
        self.active = index
        if detail != "after typing" or not self.has_class("-wide"):
            self.mark_active()
        self.refresh_titles()
        if detail == "soon":
            self.show_detail_soon()
        elif detail == "after typing":
            self.show_detail_after_typing()
        else:
            self.show_detail()

    def mark_active(self) -> None:
        """Give the active pane, and only it, the -active class."""
        for number, pane in enumerate(self.panes):
            pane.set_class(number == self.active, "-active")

    def refresh_titles(self) -> None:
        """Pane titles and tabs with their counts; the axis over the panes on the scale."""
        titles = []
        width = self._pane_width()
        off_scale: list[ToolList] = []
        for pane, segment in zip(self.panes, self.catalog.segments, strict=True):
            total = self.placement.total(segment.id)
            count = f"{len(pane.rows)}/{total}" if self.query_text else str(total)
            name = one_line(segment.title)
            pane.set_title(pane_title(name, count, width))
            titles.append((name, count))
            if segment.scale_position is None:
                off_scale.append(pane)
        self.query_one(TabStrip).show_tabs(titles, self.active)
        for axis in self.query(ScaleAxis):
            left = self.panes[0].region.x
            axis.set_split(off_scale[0].region.x - left if off_scale else None)

    def _pane_width(self) -> int:
        """Width of a pane; hidden panes (narrow layouts) have no size of their own."""
        room = self.query_one("#panes").size.width
        return room // len(self.panes) if self.has_class("-wide") else room

    # --- the detail -------------------------------------------------------------------

    def show_detail_soon(self) -> None:
        """Update the detail in the frame after this one, so moving the cursor or typing
        a search draws the lists first (wrapping a long detail is the slow part)."""
        self.call_after_refresh(self.show_detail)

    def show_detail_after_typing(self) -> None:
        """Update the detail once typing pauses for DETAIL_AFTER_TYPING seconds."""
        if self._detail_timer is not None:
            self._detail_timer.stop()
        self._detail_timer = self.set_timer(DETAIL_AFTER_TYPING, self.show_detail)

    @property
    def detail_pending(self) -> bool:
        """True while the detail waits for typing to pause (tests wait for it)."""
        return self._detail_timer is not None

    def show_detail(self, changed: bool = False, top: bool = False) -> None:
        """Show the active pane's highlighted tool; `changed` when that tool's data changed,
        `top` to show the detail's top even for the tool shown (after a move)."""
        if self._detail_timer is not None:
            self._detail_timer.stop()
            self._detail_timer = None
        self.mark_active()
        for pane in (*self.panes, self.scale.list):  # a layout pass along with the detail's
            pane.sync_scrollbar()
        shown = self.current_list()
        empty = shown.empty_message if not shown.rows else "No tool selected."
        self.query_one(DetailPanel).show(self.current_tool(), empty, changed=changed, top=top)

    # --- focus and the search bar -----------------------------------------------------

    def focus_now(self, widget: Widget) -> None:
        """Focus `widget` before the next key is handled. `Widget.focus()` waits a turn of
        the message queue, so keys typed right after `/` would still reach the pane; this
        also works while the widget is about to be displayed (layouts toggle `display`)."""
        self.set_focus(widget)

    def search_bar(self) -> SearchBar | None:
        """The search bar, once mounted (the first search mounts it)."""
        return self._search_bar

    async def mount_search_bar(self) -> SearchBar:
        """The search bar, mounted above the key bar the first time it is needed (it is
        not part of the first frame)."""
        from mlseg_tui.ui.widgets.search_bar import SearchBar

        bar = self._search_bar
        if bar is None:
            bar = self._search_bar = SearchBar(id="search-bar")
            await self.mount(bar, before=self.query_one(KeyBar))
        return bar

    def on_screen_suspend(self) -> None:
        top = self.app.screen
        self.query_one(KeyBar).list_dialog_keys(top if top is not self else None)

    def on_screen_resume(self) -> None:
        self.query_one(KeyBar).list_dialog_keys(None)

    def on_descendant_focus(self) -> None:
        focused = self.focused
        if isinstance(focused, ToolList) and focused in self.panes:
            index = self.panes.index(focused)
            if index != self.active:
                self.set_active(index)

    def on_tool_list_cursor_moved(self, message: ToolList.CursorMoved) -> None:
        if self.panes and message.tool_list is self.current_list():
            self.show_detail_soon()
