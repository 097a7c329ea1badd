"""How a row of the scale view is drawn: an axis from the heavy end (left) to the light end
(right) with the band boundaries as guides, the tool's mark where its hand-holding score
falls (the letter of its placed segment, in that segment's colour), then its name, its
tentative mark and, for a disagreement, the segment its criteria suggest."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from textual.widget import Widget

from mlseg_tui.domain.criteria import assess
from mlseg_tui.domain.model import TENTATIVE_MARK, Catalog, Tool
from mlseg_tui.domain.scale import axis_column, band_columns
from mlseg_tui.domain.text import one_line
from mlseg_tui.ui.widgets.tool_rows import RowLook, RowPainter, found_in_text, highlighted

if TYPE_CHECKING:
    from mlseg_tui.search.result import Match

GUIDE, TRACK, NO_SCORE = "┊", "·", "–"
DISAGREES = "!"
# Colour classes, heavy end first; segments off the scale take the last one.
SEGMENT_CLASSES = ("scale--heavy", "scale--middle", "scale--light", "scale--more", "scale--off")


def axis_width(width: int) -> int:
    """The axis's share of a row `width` cells wide: room is left for the names."""
    return max(5, min(30, (width - 2) * 2 // 5))


def segment_marks(catalog: Catalog) -> dict[str, str]:
    """A one-letter mark per segment: its title's first letter, else its position."""
    marks: dict[str, str] = {}
    for number, segment in enumerate(catalog.segments):
        letter = (segment.title.strip()[:1] or segment.id[:1]).upper()
        marks[segment.id] = letter if letter not in marks.values() else str(number + 1)
    return marks


def segment_class(catalog: Catalog, segment_id: str) -> str:
    """The colour class of a segment: by its place on the scale, heavy first."""
    scale = catalog.metric.scale_segments
    if segment_id in scale:
        return SEGMENT_CLASSES[min(scale.index(segment_id), len(SEGMENT_CLASSES) - 2)]
    return SEGMENT_CLASSES[-1]


class ScalePainter(RowPainter):
    """Draws the scale view's rows; a row also shows where its tool sits (moves change
    it) and its criteria."""

    def __init__(self, widget: Widget, catalog: Catalog) -> None:
        super().__init__()
        self.widget = widget
        self.set_catalog(catalog)
        self._colours: dict[str, Style] | None = None

    def set_catalog(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.marks = segment_marks(catalog)
        self.forget()

    def read_colours(self) -> None:
        """The segments' colours from the theme (each paint: a theme may change)."""
        style = self.widget.get_visual_style
        self._colours = {
            name: style(name).rich_style for name in (*SEGMENT_CLASSES, "scale--guide")
        }

    def _colour(self, name: str) -> Style:
        if self._colours is None:
            self.read_colours()
        assert self._colours is not None
        return self._colours[name]

    def shows(self, tool: Tool, match: Match | None, on_cursor: bool) -> tuple[object, ...]:
        colours = tuple(self._colours.values()) if self._colours else ()
        return (*super().shows(tool, match, on_cursor), tool.segment, tool.criteria, colours)

    def segments(
        self, tool: Tool, match: Match | None, on_cursor: bool, look: RowLook
    ) -> list[Segment]:
        catalog = self.catalog
        base = look.cursor if on_cursor else look.row
        width = axis_width(look.width)
        assessment = assess(catalog.metric, tool.criteria, tool.segment)
        guides = set(band_columns(catalog.metric, width))
        guide = base if on_cursor else self._colour("scale--guide")
        cells = [Segment(GUIDE if column in guides else TRACK, guide) for column in range(width)]
        mark = self.marks.get(tool.segment, "?")
        colour = self._colour(segment_class(catalog, tool.segment))
        if assessment.score is not None:
            cells[axis_column(assessment.score, width)] = Segment(mark, colour + Style(bold=True))
        else:
            cells[-1] = Segment(NO_SCORE, guide)
        segments = [Segment(" ", base), *cells, Segment(" ", base)]
        name = one_line(tool.name)
        named = match is not None and not match.key_is_alias and not found_in_text(match)
        hits = self.hits(name) if named else []
        segments += highlighted(name, hits, base, look.cursor_hit if on_cursor else look.hit)
        if tool.tentative:
            segments.append(Segment(TENTATIVE_MARK, base if on_cursor else look.tentative))
        if assessment.disagrees and assessment.suggested is not None:
            suggested = self.marks.get(assessment.suggested, "?")
            segments.append(
                Segment(f" {DISAGREES}{suggested}", base if on_cursor else look.tentative)
            )
        segments.append(Segment(" ", base))
        return segments
