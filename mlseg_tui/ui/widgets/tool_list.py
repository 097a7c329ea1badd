"""A virtual list of tools: renders only the visible rows from a plain list of tool indices.

One pane per segment. Rebuilding a pane means replacing a list of ints, so filtering a
large catalog on each keystroke builds no widgets and no per-row objects. How a row looks
is drawn by tool_rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar, Self

from rich.segment import Segment
from textual import events
from textual.binding import BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from mlseg_tui.domain.model import Tool
from mlseg_tui.ui.widgets.pane_keys import PANE_BINDINGS
from mlseg_tui.ui.widgets.scrollbar import update_vertical_scrollbar
from mlseg_tui.ui.widgets.tool_rows import RowLook, RowPainter, changed_lines, fit

if TYPE_CHECKING:
    from mlseg_tui.search.result import Match

    # A search's Match of a tool index (None: no match), made when its row is drawn.
    MatchOf = Callable[[int], Match | None]


class ToolList(ScrollView, can_focus=True):
    """The tools of one segment, one row each, with a cursor row."""

    # Only our own keys: the scroll container's arrow bindings would fight the cursor.
    inherit_bindings: ClassVar[bool] = False
    # Class defaults: Textual may call refresh() before __init__ has set them.
    _quiet = False
    _line_keys: list[tuple[object, ...] | None] | None = None

    BINDINGS: ClassVar[list[BindingType]] = PANE_BINDINGS

    # Borders use the theme's foreground, faded, so they show on any theme's background
    # (its border-blurred colour can be one step from it); the focused pane's is heavy, so
    # it stands out whatever the colours. The active pane's cursor (the match enter jumps
    # to while the search field has focus) looks focused; other panes' stay dim.
    DEFAULT_CSS = """
    ToolList {
        border: round $foreground 30%;
        border-title-color: $text-muted;
        overflow-x: hidden;
        background: $surface;
        &.-active {
            border: round $foreground 60%;
            border-title-color: $text;
            border-title-style: bold;
        }
        &:focus {
            border: heavy $border;
            border-title-color: $text-accent;
            border-title-style: bold;
        }
        & > .tool-list--row { color: $foreground; }
        & > .tool-list--cursor {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &.-active > .tool-list--cursor, &:focus > .tool-list--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
        & > .tool-list--match { color: $text-accent; text-style: bold underline; }
        & > .tool-list--cursor-match { text-style: bold underline; }
        & > .tool-list--tentative { color: $text-warning; text-style: bold; }
        & > .tool-list--alias { color: $text-muted; }
        & > .tool-list--empty { color: $text-muted; text-style: italic; }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "tool-list--row",
        "tool-list--cursor",
        "tool-list--match",
        "tool-list--cursor-match",
        "tool-list--tentative",
        "tool-list--alias",
        "tool-list--empty",
    }

    class CursorMoved(Message):
        """The highlighted row changed (or the rows under it did)."""

        def __init__(self, tool_list: ToolList) -> None:
            super().__init__()
            self.tool_list = tool_list

        @property
        def control(self) -> ToolList:
            return self.tool_list

    def __init__(
        self,
        segment_id: str,
        tools: Sequence[Tool],
        rows: list[int] | None = None,
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.segment_id = segment_id
        self._tools = tools
        self._rows: list[int] = rows or []
        self._match_of: MatchOf | None = None
        self._cursor = 0 if self._rows else -1
        self.virtual_size = Size(0, len(self._rows))
        self.empty_message = "No tools"
        self._painter = RowPainter()
        self._look: RowLook | None = None  # while painting: see render_lines
        self._scrollbar_stale = False
        self._title = ""
        self._quiet = False  # see set_title
        # What each visible line showed when last drawn, from the top row `_line_top`
        # (None: unknown, repaint everything); see _refresh_changed_lines.
        self._line_keys: list[tuple[object, ...] | None] | None = None
        self._line_top = 0

    # --- data -------------------------------------------------------------------------

    @property
    def rows(self) -> list[int]:
        """Tool indices shown, top to bottom."""
        return self._rows

    @property
    def cursor(self) -> int:
        """Row of the cursor, or -1 when the list is empty."""
        return self._cursor

    @property
    def current_tool(self) -> int | None:
        """Index (into the catalog's tools) of the highlighted tool."""
        return self._rows[self._cursor] if 0 <= self._cursor < len(self._rows) else None

    def set_tools(self, tools: Sequence[Tool]) -> None:
        """The list that row indices point into (a new catalog); call `set_rows` next."""
        self._tools = tools
        self._rows = []
        self._match_of = None
        self._cursor = -1
        self._painter.forget()

    def set_rows(
        self,
        rows: list[int],
        match_of: MatchOf | None = None,
        query: str = "",
        select: int | None = None,
        scrollbar_later: bool = False,
    ) -> None:
        """Show `rows` (tool indices); while searching, `match_of` gives a row's Match
        (which key matched), asked only for the rows drawn.

        The cursor goes to tool `select` when it is shown, else stays on the same tool
        when it is still shown, else to the top. The caller updates whatever shows the
        highlighted tool (no CursorMoved is posted). With `scrollbar_later` (typing), a
        scrollbar that would appear or vanish waits for `sync_scrollbar`.
        """
        keep = self.current_tool if select is None else select
        self._rows = rows
        self._match_of = match_of
        self._painter.set_query(query)
        self._cursor = -1
        if rows:
            self._cursor = self._row_of(keep) if keep is not None else -1
            if self._cursor < 0:
                self._cursor = 0
        if not self.is_mounted:
            return  # sized and drawn on mount
        self._set_row_count(len(rows), scrollbar_later)
        height = max(1, self.scrollable_content_region.height)
        self.scroll_to(y=max(0, self._cursor - height + 1), animate=False, immediate=True)
        self._refresh_changed_lines()

    def set_title(self, title: str) -> None:
        """The border title (plain text, shown literally), repainting only the top border
        line: assigning `border_title` repaints the whole pane."""
        if title == self._title:
            return
        self._title = title
        if not self.is_mounted:
            self.border_title = Content(title)
            return
        self._quiet = True
        try:
            self.border_title = Content(title)
        finally:
            self._quiet = False
        left, top = self.content_offset
        self.refresh(Region(-left, -top, self.outer_size.width, 1))

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Self:
        if self._quiet:
            return self  # set_title repaints what changed
        if not regions:
            self._line_keys = None  # all of it is drawn again
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _refresh_changed_lines(self) -> None:
        """Repaint only the visible lines whose row changed since they were last drawn.

        Every repainted line goes through Textual's styles cache and compositor; while
        typing a long query most lines of a pane stay blank, or unchanged.
        """
        height = self.scrollable_content_region.height
        top = round(self.scroll_y)
        old, old_top = self._line_keys, self._line_top
        keys = [self._line_key(row) for row in range(top, top + height)]
        if old is None or old_top != top or len(old) != len(keys):
            self.refresh()
        else:
            width = self.scrollable_content_region.width
            for first, last in changed_lines(old, keys):
                self.refresh(Region(0, first, width, last - first + 1))
        self._line_keys, self._line_top = keys, top

    def _line_key(self, row: int) -> tuple[object, ...] | None:
        """What the line of `row` shows (see _refresh_changed_lines); None: blank."""
        if not self._rows:
            return ("empty", self.empty_message) if row == 0 else None
        if row >= len(self._rows):
            return None
        tool_index = self._rows[row]
        tool, match = self._tools[tool_index], self._match(tool_index)
        return self._painter.shows(tool, match, row == self._cursor)

    def _match(self, tool_index: int) -> Match | None:
        return self._match_of(tool_index) if self._match_of is not None else None

    def _set_row_count(self, count: int, scrollbar_later: bool) -> None:
        """Resize the scrollable area without a layout pass of the whole screen.

        Assigning `virtual_size` asks for a layout, which while typing a search would
        re-lay out and repaint every widget on each keystroke. A pane's own size never
        depends on its row count, so only its scrollbar is updated. While typing that
        waits for `sync_scrollbar` (the app calls it when typing pauses): a scrollbar that
        appears or vanishes asks for a layout pass, a new thumb repaints the whole bar.
        """
        size = Size(0, count)
        if size == self.virtual_size:
            return
        self.set_reactive(ToolList.virtual_size, size)
        if scrollbar_later:
            self._scrollbar_stale = True
        else:
            update_vertical_scrollbar(self)

    def sync_scrollbar(self) -> None:
        """Show or hide the scrollbar for the rows now shown, if typing left it behind."""
        if self._scrollbar_stale:
            self._scrollbar_stale = False
            if self.is_mounted:
                update_vertical_scrollbar(self)

    @property
    def scrollbar_stale(self) -> bool:
        """True while the scrollbar waits for `sync_scrollbar`."""
        return self._scrollbar_stale

    def select_tool(self, tool_index: int) -> bool:
        """Put the cursor on `tool_index`; False when it is not shown here."""
        row = self._row_of(tool_index)
        if row < 0:
            return False
        self.move_cursor_to(row)
        return True

    def _row_of(self, tool_index: int | None) -> int:
        if tool_index is None:
            return -1
        cursor_row = self._cursor
        if 0 <= cursor_row < len(self._rows) and self._rows[cursor_row] == tool_index:
            return cursor_row
        try:
            return self._rows.index(tool_index)
        except ValueError:
            return -1

    def move_cursor_to(self, row: int) -> None:
        if not self._rows:
            return
        row = max(0, min(row, len(self._rows) - 1))
        if row == self._cursor:
            self._scroll_cursor_into_view()
            return
        self._cursor = row
        self._scroll_cursor_into_view()
        self._refresh_changed_lines()
        self.post_message(self.CursorMoved(self))

    def _scroll_cursor_into_view(self) -> None:
        if self._cursor < 0:
            return
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_y)
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=False, immediate=True)
        elif self._cursor >= top + height:
            self.scroll_to(y=self._cursor - height + 1, animate=False, immediate=True)

    # --- actions ----------------------------------------------------------------------

    def action_cursor_up(self) -> None:
        self.move_cursor_to(self._cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor_to(self._cursor + 1)

    def action_cursor_home(self) -> None:
        self.move_cursor_to(0)

    def action_cursor_end(self) -> None:
        self.move_cursor_to(len(self._rows) - 1)

    def action_page_up(self) -> None:
        self.move_cursor_to(self._cursor - max(1, self.scrollable_content_region.height - 1))

    def action_page_down(self) -> None:
        self.move_cursor_to(self._cursor + max(1, self.scrollable_content_region.height - 1))

    # --- events -----------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = offset.y + round(self.scroll_y)
        if 0 <= row < len(self._rows):
            self.focus()
            self.move_cursor_to(row)

    def on_resize(self, event: events.Resize) -> None:
        # Only the height matters: rows are cut to the width as they are drawn.
        self._scroll_cursor_into_view()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # --- rendering --------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        # Styles, width and scroll offset are read once per paint rather than per row.
        self._look = RowLook(self)
        try:
            return super().render_lines(crop)
        finally:
            self._look = None

    def render_line(self, y: int) -> Strip:
        look = self._look or RowLook(self)
        if not self._rows:
            if y == 0:
                return fit([Segment(" " + self.empty_message, look.empty)], look.width, look.row)
            return Strip.blank(look.width, look.row)
        row = y + look.top
        if row >= len(self._rows):
            return Strip.blank(look.width, look.row)
        tool_index = self._rows[row]
        tool, match = self._tools[tool_index], self._match(tool_index)
        return self._painter.strip(tool, match, row == self._cursor, look)

    def row_text(self, row: int) -> str:
        """The plain text of a row, as shown (for tests and screen readers)."""
        tool_index = self._rows[row]
        tool, match = self._tools[tool_index], self._match(tool_index)
        segments = self._painter.segments(tool, match, row == self._cursor, RowLook(self))
        return "".join(segment.text for segment in segments).strip()
