"""A virtual list of tools: renders only the visible rows from a plain list of tool indices.

One pane per segment. Rebuilding a pane means replacing a list of ints, so filtering
100,000 tools on each keystroke builds no widgets and no per-row objects.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar, Self

from rich.cells import cell_len
from rich.segment import Segment as RichSegment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from mlseg_tui.domain.model import Tool
from mlseg_tui.domain.text import one_line

if TYPE_CHECKING:
    from mlseg_tui.search.result import Match

    # A search's Match of a tool index (None: no match), made when its row is drawn.
    MatchOf = Callable[[int], Match | None]

ELLIPSIS = "…"
# Drawn rows kept per pane: a few screenfuls (the current query's, its prefixes').
STRIP_CACHE_SIZE = 512
# The essay's own hedge; the same mark as report.TENTATIVE_MARK (not imported: startup).
TENTATIVE_MARK = "?"


class ToolList(ScrollView, can_focus=True):
    """The tools of one segment, one row each, with a cursor row."""

    # Only our own keys: the scroll container's arrow bindings would fight the cursor.
    inherit_bindings: ClassVar[bool] = False
    # Class defaults: Textual may call refresh() before __init__ has set them.
    _quiet = False
    _line_keys: list[tuple[object, ...] | None] | None = None

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Up", show=False, id="pane.up"),
        Binding("down,j", "cursor_down", "Down", show=False, id="pane.down"),
        Binding("home", "cursor_home", "First tool", show=False, id="pane.home"),
        Binding("end", "cursor_end", "Last tool", show=False, id="pane.end"),
        Binding("pageup", "page_up", "Page up", show=False, id="pane.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="pane.page_down"),
        Binding("left,h", "app.pane(-1)", "Previous pane", show=False, id="pane.left"),
        Binding("right,l", "app.pane(1)", "Next pane", show=False, id="pane.right"),
        Binding("tab", "app.pane(1)", "Next pane", show=False, id="pane.next"),
        Binding("shift+tab", "app.pane(-1)", "Previous pane", show=False, id="pane.previous"),
        Binding("enter", "app.pane_enter", "Details", show=False, id="pane.enter"),
        Binding("m", "app.move_pick", "Move", id="pane.move"),
        Binding(
            "shift+left,H", "app.move_by(-1)", "Move tool left", show=False, id="pane.move_left"
        ),
        Binding(
            "shift+right,L", "app.move_by(1)", "Move tool right", show=False, id="pane.move_right"
        ),
        Binding("escape", "app.pane_escape", "Clear search", show=False, id="pane.escape"),
    ]

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
        self._query = ""
        self._cursor = 0 if self._rows else -1
        self.virtual_size = Size(0, len(self._rows))
        self.empty_message = "No tools"
        self._highlight_cache: dict[tuple[str, str], list[int]] = {}
        self._paint: _Paint | None = None
        self._scrollbar_stale = False
        self._title = ""
        self._quiet = False  # see set_title
        # What each visible line showed when last drawn, from the top row `_line_top`
        # (None: unknown, repaint everything); see _refresh_changed_lines.
        self._line_keys: list[tuple[object, ...] | None] | None = None
        self._line_top = 0
        # Drawn rows by what they show (see _row_strip): a row drawn again (the frame
        # after typing pauses, backspace, the cursor moving) costs a lookup.
        self._strips: dict[tuple[object, ...], Strip] = {}

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
        self._strips.clear()

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
        if query != self._query:
            self._highlight_cache.clear()
        self._query = query
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
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        if self._quiet:
            return self  # set_title repaints what changed
        if not regions:
            self._line_keys = None  # all of it is drawn again
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _refresh_changed_lines(self) -> None:
        """Repaint only the visible lines whose row changed since they were last drawn.

        Every repainted line goes through Textual's styles cache and compositor (~0.2 ms a
        line); while typing a long query most lines of a pane stay blank, or unchanged.
        """
        height = self.scrollable_content_region.height
        top = round(self.scroll_y)
        old, old_top = self._line_keys, self._line_top
        keys = [self._line_key(row) for row in range(top, top + height)]
        if old is None or old_top != top or len(old) != len(keys):
            self.refresh()
        else:
            width = self.scrollable_content_region.width
            changed = [y for y, (was, now) in enumerate(zip(old, keys, strict=True)) if was != now]
            for first, last in _runs(changed):
                self.refresh(Region(0, first, width, last - first + 1))
        self._line_keys, self._line_top = keys, top

    def _line_key(self, row: int) -> tuple[object, ...] | None:
        """What the line of `row` shows (see _refresh_changed_lines); None: blank."""
        if not self._rows:
            return ("empty", self.empty_message) if row == 0 else None
        if row >= len(self._rows):
            return None
        tool_index = self._rows[row]
        tool = self._tools[tool_index]
        match = self._match_of(tool_index) if self._match_of is not None else None
        query = self._query if match is not None else ""
        return (tool, tool.name, tool.tentative, match, query, row == self._cursor)

    def _set_row_count(self, count: int, scrollbar_later: bool) -> None:
        """Resize the scrollable area without a layout pass of the whole screen.

        Assigning `virtual_size` asks for a layout, which while typing a search would
        re-lay out and repaint every widget on each keystroke. A pane's own size never
        depends on its row count, so only its scrollbar is updated. While typing that
        waits for `sync_scrollbar` (the app calls it when typing pauses): a scrollbar
        that appears or vanishes asks for a layout pass (~40 ms at 160x48), and a new
        thumb repaints the whole bar.
        """
        size = Size(0, count)
        if size == self.virtual_size:
            return
        self.set_reactive(ToolList.virtual_size, size)
        if scrollbar_later:
            self._scrollbar_stale = True
        else:
            self._scroll_update(size)  # the thumb; a layout only if the bar toggles

    def sync_scrollbar(self) -> None:
        """Show or hide the scrollbar for the rows now shown, if typing left it behind."""
        if self._scrollbar_stale:
            self._scrollbar_stale = False
            if self.is_mounted:
                self._scroll_update(self.virtual_size)

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
        # Styles, width and scroll offset are read once per paint rather than per row:
        # each style lookup walks the DOM for pseudo-classes.
        self._paint = _Paint(self)
        try:
            return super().render_lines(crop)
        finally:
            self._paint = None

    def render_line(self, y: int) -> Strip:
        paint = self._paint or _Paint(self)
        width = paint.width
        base = paint.row
        if not self._rows:
            if y == 0:
                empty = [RichSegment(" " + self.empty_message, paint.empty)]
                return self._fit(empty, width, base)
            return Strip.blank(width, base)
        row = y + paint.top
        if row >= len(self._rows):
            return Strip.blank(width, base)
        return self._row_strip(row, paint)

    def _row_strip(self, row: int, paint: _Paint) -> Strip:
        tool_index = self._rows[row]
        tool = self._tools[tool_index]
        match = self._match_of(tool_index) if self._match_of is not None else None
        key = (tool, tool.name, tool.tentative, match, self._query, row == self._cursor, paint.key)
        strip = self._strips.get(key)
        if strip is None:
            if len(self._strips) >= STRIP_CACHE_SIZE:
                self._strips.clear()
            segments = self._row_segments(row, paint, tool, match)
            strip = self._strips[key] = self._fit(segments, paint.width, paint.row)
        return strip

    def row_text(self, row: int) -> str:
        """The plain text of a row, as shown (for tests and screen readers)."""
        tool_index = self._rows[row]
        match = self._match_of(tool_index) if self._match_of is not None else None
        segments = self._row_segments(row, _Paint(self), self._tools[tool_index], match)
        return "".join(segment.text for segment in segments).strip()

    def _fit(self, segments: list[RichSegment], width: int, style: Style) -> Strip:
        """`segments` as one Strip of exactly `width` cells: cut with an ellipsis, or
        padded in the last segment's style. A row that fits makes a single Strip (each
        costs several small caches), of the width Textual's styles cache wants as is."""
        length = sum(cell_len(segment.text) for segment in segments)
        pad_style = segments[-1].style if segments else style
        if length <= width:
            if length < width:
                segments = [*segments, RichSegment(" " * (width - length), pad_style)]
            return Strip(segments, width)
        strip = Strip(segments, length)
        if width > 1:
            strip = strip.crop(0, width - 1) + Strip([RichSegment(ELLIPSIS, style)])
        return strip.adjust_cell_length(width, pad_style)

    def _row_segments(
        self, row: int, paint: _Paint, tool: Tool, match: Match | None
    ) -> list[RichSegment]:
        on_cursor = row == self._cursor
        if on_cursor:
            base, hit, quiet, mark = paint.cursor, paint.cursor_hit, paint.cursor, paint.cursor
        else:
            base, hit, quiet, mark = paint.row, paint.hit, paint.alias, paint.tentative
        name = one_line(tool.name)
        alias = one_line(match.key) if match is not None and match.key_is_alias else ""
        segments = [RichSegment(" ", base)]
        name_hits = self._positions(name) if match is not None and not alias else []
        segments += _highlighted(name, name_hits, base, hit)
        if tool.tentative:
            segments.append(RichSegment(TENTATIVE_MARK, mark))
        if alias:
            segments.append(RichSegment("  (", quiet))
            segments += _highlighted(alias, self._positions(alias), quiet, hit)
            segments.append(RichSegment(")", quiet))
        segments.append(RichSegment(" ", base))
        return segments

    def _positions(self, text: str) -> list[int]:
        key = (self._query, text)
        positions = self._highlight_cache.get(key)
        if positions is None:
            from mlseg_tui.search.highlight import highlight_positions

            positions = highlight_positions(self._query, text) if self._query else []
            if len(self._highlight_cache) > 512:
                self._highlight_cache.clear()
            self._highlight_cache[key] = positions
        return positions


class _Paint:
    """What one paint of a ToolList needs from the DOM, looked up once."""

    __slots__ = (
        "alias",
        "cursor",
        "cursor_hit",
        "empty",
        "hit",
        "key",
        "row",
        "tentative",
        "top",
        "width",
    )

    def __init__(self, pane: ToolList) -> None:
        style = pane.get_visual_style
        self.width = pane.scrollable_content_region.width
        self.top = round(pane.scroll_y)
        self.row = style("tool-list--row").rich_style
        self.hit = style("tool-list--row", "tool-list--match").rich_style
        self.alias = style("tool-list--row", "tool-list--alias").rich_style
        self.tentative = style("tool-list--row", "tool-list--tentative").rich_style
        self.cursor = style("tool-list--cursor").rich_style
        self.cursor_hit = style("tool-list--cursor", "tool-list--cursor-match").rich_style
        self.empty = style("tool-list--empty").rich_style
        # What a drawn row depends on besides its data (focus and theme change styles).
        self.key = (
            self.width,
            self.row,
            self.hit,
            self.alias,
            self.tentative,
            self.cursor,
            self.cursor_hit,
        )


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Ascending `numbers` as (first, last) runs of consecutive numbers."""
    runs: list[tuple[int, int]] = []
    for number in numbers:
        if runs and runs[-1][1] == number - 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return runs


def _highlighted(
    text: str, positions: Sequence[int], style: Style, hit: Style
) -> list[RichSegment]:
    """`text` as segments, with the characters at `positions` in the `hit` style."""
    if not positions:
        return [RichSegment(text, style)]
    wanted = set(positions)
    segments: list[RichSegment] = []
    run = ""
    run_is_hit = False
    for offset, char in enumerate(text):
        is_hit = offset in wanted
        if run and is_hit != run_is_hit:
            segments.append(RichSegment(run, hit if run_is_hit else style))
            run = ""
        run += char
        run_is_hit = is_hit
    if run:
        segments.append(RichSegment(run, hit if run_is_hit else style))
    return segments
