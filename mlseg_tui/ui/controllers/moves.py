"""Moving the highlighted tool to another segment (`m`, shift+arrows).

A move changes the tool and its `Placement` (`EditSession` does both); here only the two
panes concerned are redrawn, or a search's matches regrouped, so a move stays quick
however big the catalog.
"""

from __future__ import annotations

from mlseg_tui.domain.model import Tool
from mlseg_tui.domain.text import one_line
from mlseg_tui.ui.controllers.host import Host
from mlseg_tui.ui.controllers.notices import refuse_while_busy
from mlseg_tui.ui.controllers.search import SearchController


class Moves:
    """The keys that move tools; `follow` shows a tool that moved (undo and redo too)."""

    def __init__(self, host: Host, search: SearchController) -> None:
        self.host = host
        self.search = search

    def _current(self) -> Tool | None:
        """The highlighted tool; None (and a bell) when there is none, or it may not move."""
        if refuse_while_busy(self.host):
            return None
        tool = self.host.view.current_tool()
        if tool is None:
            self.host.bell()
        return tool

    def pick(self) -> None:
        """Ask for the segment, then the reason, then move."""
        from mlseg_tui.ui.screens.segment_picker import SegmentPicker  # not at start-up

        tool = self._current()
        if tool is None:
            return

        def picked(segment_id: str | None) -> None:
            if segment_id is None or segment_id == tool.segment:
                return  # cancelled, or the segment it is already in: nothing changes
            self._ask_reason(tool, segment_id)

        segments = self.host.catalog.segments
        self.host.push_screen(SegmentPicker(tool.name, segments, tool.segment), picked)

    def _ask_reason(self, tool: Tool, segment_id: str) -> None:
        from mlseg_tui.ui.screens.reason_prompt import ReasonPrompt

        def answered(reason: str | None) -> None:
            if reason is not None:
                self._move(tool, segment_id, reason)

        catalog = self.host.catalog
        prompt = ReasonPrompt(
            tool.name, catalog.segment_title(tool.segment), catalog.segment_title(segment_id)
        )
        self.host.push_screen(prompt, answered)

    def by(self, delta: int) -> None:
        """Move the highlighted tool `delta` segments along the panes (the scale's order):
        negative towards the heavy end."""
        tool = self._current()
        if tool is None:
            return
        catalog = self.host.catalog
        target = catalog.neighbour(tool.segment, delta)
        if target is None:
            where = one_line(catalog.segment_title(tool.segment))
            self.host.notify(
                f"{one_line(tool.name)} is already in the "
                f"{'first' if delta < 0 else 'last'} segment ({where}).",
                markup=False,
                timeout=3,
            )
            return
        self._move(tool, target, "")

    def _move(self, tool: Tool, segment_id: str, reason: str) -> None:
        move = self.host.session.move(tool, segment_id, reason)
        if move is not None:
            self.follow(tool, move.from_segment)

    def follow(self, tool: Tool, left: str) -> None:
        """Show `tool`, which just left segment `left`, highlighted and focused in its pane."""
        view = self.host.view
        index = self.host.tools.index(tool)
        target = view.pane_of(index)
        if not self.search.follow_move(index, target):
            view.moved(index, left)
        if view.scale.shown:
            view.scale.moved(index)  # its row takes the new segment's mark
        view.set_active(target)
        # Same tool, new placement and history: shown from the top, where they are.
        view.show_detail(changed=True, top=True)
        view.focus_now(view.current_list())
        self.host.show_unsaved()
