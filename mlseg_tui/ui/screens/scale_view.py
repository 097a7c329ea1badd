"""The main screen's scale view (`s`): one list of every shown tool in scale order, in
place of the segment panes. It follows a search (only the matches, still in scale order)
and moves (a moved tool's row takes its new segment's mark and colour)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from mlseg_tui.domain.model import Catalog, Tool
from mlseg_tui.domain.placement import Placement
from mlseg_tui.domain.scale import filter_order, scale_order
from mlseg_tui.domain.text import plural
from mlseg_tui.ui.widgets.scale_list import ScaleList

if TYPE_CHECKING:
    from mlseg_tui.search.result import SearchResult

TITLE = "Scale: heavy ◀ ▶ light"


class ScaleView:
    """The scale list, whether it is shown, and the scale order it draws from."""

    def __init__(self, catalog: Catalog, placement: Placement, tools: Sequence[Tool]) -> None:
        self.list = ScaleList(catalog, tools, id="scale")
        self.catalog = catalog
        self.placement = placement
        self.shown = False
        self._order: list[int] | None = None
        self._order_key: tuple[object, ...] = ()

    def order(self) -> list[int]:
        """Every shown tool in scale order (made again when the tools or the view change)."""
        placement = self.placement
        key = (id(self.catalog.tools), len(self.catalog.tools), placement.keep)
        if self._order is None or key != self._order_key:
            self._order = scale_order(self.catalog, placement.segment_of)
            self._order_key = key
        return self._order

    def set_catalog(self, catalog: Catalog, placement: Placement) -> None:
        self.catalog, self.placement = catalog, placement
        self.list.set_catalog(catalog)
        self._order = None

    def set_tools(self, tools: Sequence[Tool]) -> None:
        self.list.set_tools(tools)
        self._order = None

    def fill(self, select: int | None = None, typing: bool = False) -> None:
        """Every shown tool (no search), the cursor on `select` where possible."""
        rows = self.order()
        self.list.set_rows(rows, None, "", select=select, scrollbar_later=typing)
        self._title(len(rows), None)

    def searched(self, result: SearchResult, select: int | None = None) -> None:
        """Only a search's matches, in scale order, `select` (else the best) highlighted."""
        matches = result.tool_indices()
        rows = filter_order(self.order(), set(matches))
        if select is None:
            select = matches[0] if matches else None
        self.list.set_rows(rows, result.match_of, result.words, select=select, scrollbar_later=True)
        self._title(len(rows), len(self.order()))

    def moved(self, tool_index: int) -> None:
        """Tool `tool_index` moved: its row shows its new segment, highlighted."""
        self.list.reselect(tool_index)

    def _title(self, shown: int, total: int | None) -> None:
        count = f"{shown}/{total}" if total is not None else plural(shown, "tool")
        self.list.set_title(f"{TITLE} · {count}")
