"""How a ToolList row is drawn: the tool's name with the search's hits highlighted, its
tentative mark and the alias that matched, cut with an ellipsis or padded to the pane's width.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip
from textual.widget import Widget

from mlseg_tui.domain.model import TENTATIVE_MARK, Tool
from mlseg_tui.domain.text import one_line

if TYPE_CHECKING:
    from mlseg_tui.search.result import Match

ELLIPSIS = "…"
# Drawn rows kept per pane: a few screenfuls (the current query's, its prefixes').
STRIP_CACHE_SIZE = 512
# Highlight positions kept per pane, by text shown.
POSITIONS_CACHE_SIZE = 512


class RowLook:
    """What one paint of a pane needs from the DOM, looked up once rather than per row:
    each style lookup walks the DOM for pseudo-classes."""

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

    def __init__(self, pane: Widget) -> None:
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


class RowPainter:
    """Draws the rows of one pane, keeping the rows it drew: a row drawn again (the frame
    after typing pauses, backspace, the cursor moving) costs a lookup."""

    def __init__(self) -> None:
        self.query = ""
        self._strips: dict[tuple[object, ...], Strip] = {}
        self._positions: dict[tuple[str, str], list[int]] = {}

    def set_query(self, query: str) -> None:
        """The search query whose hits are highlighted ("" when not searching)."""
        if query != self.query:
            self._positions.clear()
        self.query = query

    def forget(self) -> None:
        """Drop the drawn rows (the tools they show are gone)."""
        self._strips.clear()

    def shows(self, tool: Tool, match: Match | None, on_cursor: bool) -> tuple[object, ...]:
        """What the row of `tool` shows: two rows that show the same are drawn the same."""
        query = self.query if match is not None else ""
        return (tool, tool.name, tool.tentative, match, query, on_cursor)

    def strip(self, tool: Tool, match: Match | None, on_cursor: bool, look: RowLook) -> Strip:
        """The row of `tool` (with the search's `match` of it), exactly `look.width` wide."""
        key = (self.shows(tool, match, on_cursor), look.key)
        strip = self._strips.get(key)
        if strip is None:
            if len(self._strips) >= STRIP_CACHE_SIZE:
                self._strips.clear()
            segments = self.segments(tool, match, on_cursor, look)
            strip = self._strips[key] = fit(segments, look.width, look.row)
        return strip

    def segments(
        self, tool: Tool, match: Match | None, on_cursor: bool, look: RowLook
    ) -> list[Segment]:
        """The row of `tool` as styled segments, before it is cut to the width."""
        if on_cursor:
            base, hit, quiet, mark = look.cursor, look.cursor_hit, look.cursor, look.cursor
        else:
            base, hit, quiet, mark = look.row, look.hit, look.alias, look.tentative
        name = one_line(tool.name)
        alias = one_line(match.key) if match is not None and match.key_is_alias else ""
        # Found in its text, not its name: the row says where instead of marking the name.
        field = match.key if found_in_text(match) else ""
        segments = [Segment(" ", base)]
        name_hits = self.hits(name) if match is not None and not alias and not field else []
        segments += highlighted(name, name_hits, base, hit)
        if tool.tentative:
            segments.append(Segment(TENTATIVE_MARK, mark))
        if field:
            segments.append(Segment(f"  (in {field})", quiet))
        if alias:
            segments.append(Segment("  (", quiet))
            segments += highlighted(alias, self.hits(alias), quiet, hit)
            segments.append(Segment(")", quiet))
        segments.append(Segment(" ", base))
        return segments

    def hits(self, text: str) -> list[int]:
        """Positions in `text` of the query's characters."""
        key = (self.query, text)
        positions = self._positions.get(key)
        if positions is None:
            # Imported when first searching: the search package is not needed to start.
            from mlseg_tui.search.highlight import highlight_positions

            positions = highlight_positions(self.query, text) if self.query else []
            if len(self._positions) > POSITIONS_CACHE_SIZE:
                self._positions.clear()
            self._positions[key] = positions
        return positions


def found_in_text(match: Match | None) -> bool:
    """True for a search's match found in the tool's text: its key is the field."""
    if match is None:
        return False
    # Imported when first searching: the search package is not needed to start.
    from mlseg_tui.search.ranking import is_text_match

    return is_text_match(match.score)


def fit(segments: list[Segment], width: int, style: Style) -> Strip:
    """`segments` as one Strip of exactly `width` cells: cut with an ellipsis, or padded in
    the last segment's style. A row that fits makes a single Strip (each costs several small
    caches), of the width Textual's styles cache wants as is."""
    length = sum(cell_len(segment.text) for segment in segments)
    pad_style = segments[-1].style if segments else style
    if length <= width:
        if length < width:
            segments = [*segments, Segment(" " * (width - length), pad_style)]
        return Strip(segments, width)
    strip = Strip(segments, length)
    if width > 1:
        strip = strip.crop(0, width - 1) + Strip([Segment(ELLIPSIS, style)])
    return strip.adjust_cell_length(width, pad_style)


def changed_lines(
    old: list[tuple[object, ...] | None], new: list[tuple[object, ...] | None]
) -> list[tuple[int, int]]:
    """The lines that differ between `old` and `new` (as long), as (first, last) runs."""
    runs: list[tuple[int, int]] = []
    for line, (was, now) in enumerate(zip(old, new, strict=True)):
        if was == now:
            continue
        if runs and runs[-1][1] == line - 1:
            runs[-1] = (runs[-1][0], line)
        else:
            runs.append((line, line))
    return runs


def highlighted(text: str, positions: Sequence[int], style: Style, hit: Style) -> list[Segment]:
    """`text` as segments, with the characters at `positions` in the `hit` style."""
    if not positions:
        return [Segment(text, style)]
    wanted = set(positions)
    segments: list[Segment] = []
    run = ""
    run_is_hit = False
    for offset, char in enumerate(text):
        is_hit = offset in wanted
        if run and is_hit != run_is_hit:
            segments.append(Segment(run, hit if run_is_hit else style))
            run = ""
        run += char
        run_is_hit = is_hit
    if run:
        segments.append(Segment(run, hit if run_is_hit else style))
    return segments
