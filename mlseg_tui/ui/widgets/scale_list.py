"""The scale view: every tool on one list along the hand-holding axis, heaviest first,
each row marked where its score falls and coloured by the segment it is placed in. The
pane keys work here too (cursor, move, details), but for stepping between panes."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region
from textual.strip import Strip

from mlseg_tui.domain.model import Catalog, Tool
from mlseg_tui.ui.widgets.scale_rows import ScalePainter, segment_marks
from mlseg_tui.ui.widgets.tool_list import ToolList

if TYPE_CHECKING:
    from mlseg_tui.ui.widgets.tool_list import MatchOf

# The pane keys that step between segment panes: the scale view has one list.
PANE_STEPS = ("app.pane(-1)", "app.pane(1)")


class ScaleList(ToolList):
    """One list of every shown tool, in scale order (rows are tool indices)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        binding
        for binding in ToolList.BINDINGS
        if not (isinstance(binding, Binding) and binding.action in PANE_STEPS)
    ]

    DEFAULT_CSS = """
    ScaleList {
        & > .scale--heavy { color: $error; }
        & > .scale--middle { color: $warning; }
        & > .scale--light { color: $success; }
        & > .scale--more { color: $accent; }
        & > .scale--off { color: $text-muted; }
        & > .scale--guide { color: $text-muted; }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *ToolList.COMPONENT_CLASSES,
        "scale--heavy",
        "scale--middle",
        "scale--light",
        "scale--more",
        "scale--off",
        "scale--guide",
    }

    def __init__(self, catalog: Catalog, tools: Sequence[Tool], *, id: str | None = None) -> None:
        self._search: tuple[MatchOf | None, str] = (None, "")
        super().__init__("", tools, [], id=id)
        self._painter = ScalePainter(self, catalog)
        self.set_legend(catalog)

    def set_rows(
        self,
        rows: list[int],
        match_of: MatchOf | None = None,
        query: str = "",
        select: int | None = None,
        scrollbar_later: bool = False,
    ) -> None:
        self._search = (match_of, query)  # kept for `reselect`
        super().set_rows(rows, match_of, query, select, scrollbar_later)

    def reselect(self, tool_index: int) -> None:
        """The same rows drawn again (a tool's segment changed), `tool_index` highlighted."""
        match_of, query = self._search
        self.set_rows(self.rows, match_of, query, select=tool_index)

    def set_catalog(self, catalog: Catalog) -> None:
        """Describe the tools of `catalog` (the full load replaced a preview)."""
        assert isinstance(self._painter, ScalePainter)
        self._painter.set_catalog(catalog)
        self.set_legend(catalog)

    def set_legend(self, catalog: Catalog) -> None:
        self._legends = scale_legends(catalog)
        self._fit_legend()

    def _fit_legend(self) -> None:
        # The border's corners, a line piece and a space on each side take six cells.
        width = self.outer_size.width
        room = width - 6 if width else None
        fitting = [text for text in self._legends if room is None or cell_len(text) <= room]
        self.border_subtitle = Content(fitting[0] if fitting else self._legends[-1])

    def on_resize(self, event: events.Resize) -> None:
        super().on_resize(event)
        self._fit_legend()

    def render_lines(self, crop: Region) -> list[Strip]:
        assert isinstance(self._painter, ScalePainter)
        self._painter.read_colours()  # a theme may have changed them
        return super().render_lines(crop)


def scale_legends(catalog: Catalog) -> list[str]:
    """The legend under the scale, longest first: a narrow screen takes the first that fits
    rather than cutting a segment's name."""
    marks = segment_marks(catalog)

    def legend(name: Callable[[str], str]) -> str:
        return " ".join(f"{marks[s.id]}={name(s.title)}" for s in catalog.segments)

    full = legend(lambda title: title)
    word = legend(lambda title: title.split()[0] if title.split() else title)
    stem = legend(lambda title: re.split(r"[\s-]", title)[0] or title)
    return [f"{full} · !X: criteria suggest X", f"{word} · !X: criteria say X", word, stem]
