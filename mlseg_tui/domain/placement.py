"""Where each tool sits, by tool index: the one view of `Tool.segment` that panes, counts
and search grouping read.

`Tool.segment` is the truth. This view exists because the UI asks "which segment is tool
i in" and "which tools are in segment s" on every keystroke, and in a big catalog
deriving either from the tools each time would cost more than a keystroke may. It
changes only through `update` (a move, an undo, a redo: `EditSession` calls it) and
`refresh` (the catalog's tool list changed: a load or a reload), and `version` counts the
changes so that a reader can keep what it derived (the search keeps segment codes) until
the next one.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable

from mlseg_tui.domain.model import Catalog, Tool
from mlseg_tui.domain.text import name_key

# Where a hidden tool sits: never a defined segment, so no pane shows it and no count or
# search grouping of the defined segments includes it.
HIDDEN = ""


class Placement:
    """Each tool's segment id, and each segment's tool indices by name (ignoring case
    and accents; equal names in catalog order)."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.version = 0
        self.segment_of: list[str] = []
        self._rows: dict[str, list[int]] | None = None
        self._name_keys: list[str] | None = None  # each tool's name_key, made with the rows
        # Which tools the view shows (None: all): the essay view keeps the essay's tools.
        self.keep: Callable[[Tool], bool] | None = None
        self.refresh()

    @property
    def segment_ids(self) -> list[str]:
        """The catalog's segments, in display order."""
        return self.catalog.segment_ids()

    def refresh(self) -> None:
        """Read every tool's segment again (the catalog's tool list was replaced or merged)."""
        keep = self.keep
        tools = self.catalog.tools
        if keep is None:
            self.segment_of = [tool.segment for tool in tools]
        else:
            self.segment_of = [tool.segment if keep(tool) else HIDDEN for tool in tools]
        self._rows = None
        self._name_keys = None  # a re-read or an edit may have renamed tools
        self.version += 1

    def show_only(self, keep: Callable[[Tool], bool] | None) -> None:
        """Hide the tools `keep` rejects from rows, totals and search grouping (None: show
        every tool)."""
        self.keep = keep
        self.refresh()

    def update(self, tool: Tool) -> tuple[int, str]:
        """Take note of `tool`'s segment after it moved (or its name, after a rename);
        returns its index and the segment it left (its own segment when it did not move)."""
        index = self.catalog.tools.index(tool)
        keys = self._name_keys
        if keys is not None and keys[index] != name_key(tool.name):
            self._rows = self._name_keys = None  # renamed: its row moves, the rows are made anew
            self.version += 1
        left = self.segment_of[index]
        if left == tool.segment or left == HIDDEN:
            return index, left
        self.segment_of[index] = tool.segment
        rows = self._rows
        if rows is not None:
            # New lists, never changed in place: panes may hold the old ones.
            old = rows.get(left, [])
            rows[left] = [i for i in old if i != index]
            new = list(rows.get(tool.segment, []))
            bisect.insort(new, index, key=self._order)
            rows[tool.segment] = new
        self.version += 1
        return index, left

    def rows(self) -> dict[str, list[int]]:
        """Each segment's tool indices by name (every defined segment present).

        The lists are shared and must not be changed by the caller.
        """
        rows = self._rows
        if rows is None:
            self._name_keys = [name_key(tool.name) for tool in self.catalog.tools]
            rows = {segment_id: [] for segment_id in self.segment_ids}
            for index, segment_id in enumerate(self.segment_of):
                rows.setdefault(segment_id, []).append(index)
            for members in rows.values():
                members.sort(key=self._order)
            self._rows = rows
        return rows

    def _order(self, index: int) -> tuple[str, int]:
        """Where tool `index` sorts in its segment's rows (the keys are made with them)."""
        keys = self._name_keys
        assert keys is not None
        return keys[index], index

    def total(self, segment_id: str) -> int:
        """How many tools sit in `segment_id`."""
        return len(self.rows().get(segment_id, ()))

    def position(self, tool_index: int) -> int:
        """The display position of tool `tool_index`'s segment (0 for an unknown one)."""
        ids = self.segment_ids
        segment_id = self.segment_of[tool_index]
        return ids.index(segment_id) if segment_id in ids else 0
