"""Moving tools between segments, with undo and redo: the model layer of editing.

No Textual and no file I/O here: the store's save writes what `EditSession.dirty_tools()`
names, then calls `mark_saved`. A tool's state is its (segment, reasoning, history);
every move appends one history entry, so comparing a tool's history with the saved one
tells how many moves lie between the file on disk and memory.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from mlseg_tui.domain.model import Catalog, HistoryEntry, Tool
from mlseg_tui.domain.placement import Placement

ToolState = tuple[str, str, tuple[HistoryEntry, ...]]


@dataclass(frozen=True, slots=True)
class Move:
    """One applied move, with what is needed to take it back exactly."""

    tool: Tool
    from_segment: str
    to_segment: str
    reason: str
    entry: HistoryEntry  # the history entry this move appended
    previous_reasoning: str  # tool.reasoning before the move
    previous_history: tuple[HistoryEntry, ...] = ()  # tool.history before the move


def state_of(tool: Tool) -> ToolState:
    return (tool.segment, tool.reasoning, tool.history)


def _check_text(reason: str) -> None:
    """Raise ValueError when `reason` holds what no UTF-8 file can: a command line's
    undecodable bytes arrive as lone surrogates."""
    try:
        reason.encode("utf-8")
    except UnicodeEncodeError as error:
        bad = reason[error.start]
        shown = f"0x{ord(bad) - 0xDC00:02x}" if 0xDC80 <= ord(bad) <= 0xDCFF else repr(bad)
        raise ValueError(
            f"the reason is not UTF-8 text ({shown} at character {error.start + 1})"
        ) from None


def _moves_between(saved: tuple[HistoryEntry, ...], current: tuple[HistoryEntry, ...]) -> int:
    """Moves undone below the saved state plus moves applied since: each is one entry."""
    common = 0
    for old, new in zip(saved, current, strict=False):
        if old != new:
            break
        common += 1
    return len(saved) - common + len(current) - common


class EditSession:
    """The moves made to one catalog, undoable back to the state as loaded."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        # Where each tool sits, by index: kept in step by every move, undo and redo here,
        # and refreshed by whoever changes the catalog's tool list (a reload).
        self.placement = Placement(catalog)
        self._undo: list[Move] = []
        self._redo: list[Move] = []
        # The state on disk of every tool touched since load or its last save. Recorded
        # lazily on a tool's first move, so a big catalog costs nothing up front.
        self._saved: dict[Tool, ToolState] = {}

    # ------------------------------------------------------------------ editing

    def move(
        self,
        tool: Tool,
        to_segment: str,
        reason: str = "",
        today: dt.date | None = None,
    ) -> Move | None:
        """Move `tool` to `to_segment`; None (nothing changes) when it is already there.

        A non-blank `reason` becomes the tool's reasoning, and the reasoning it replaces
        is kept in the history entry. Raises ValueError for an unknown segment id, or a
        reason that cannot be written as UTF-8.
        """
        if to_segment not in self.catalog.segment_ids():
            raise ValueError(
                f"unknown segment {to_segment!r} "
                f"(expected one of {', '.join(self.catalog.segment_ids())})"
            )
        if to_segment == tool.segment:
            return None
        _check_text(reason)
        if not reason.strip():
            reason = ""
        entry = HistoryEntry(
            date=today or dt.date.today(),
            from_segment=tool.segment,
            to_segment=to_segment,
            reason=reason,
            previous_reasoning=tool.reasoning if reason else "",
        )
        move = Move(
            tool=tool,
            from_segment=tool.segment,
            to_segment=to_segment,
            reason=reason,
            entry=entry,
            previous_reasoning=tool.reasoning,
            previous_history=tool.history,
        )
        self._saved.setdefault(tool, state_of(tool))
        self._apply(move)
        self._undo.append(move)
        self._redo.clear()
        return move

    def undo(self) -> Move | None:
        """Take back the latest move; None when there is nothing to undo. A move of a tool
        no longer in the catalog is dropped, not taken back."""
        move = self._pop_present(self._undo)
        if move is None:
            return None
        tool = move.tool
        tool.segment = move.from_segment
        tool.reasoning = move.previous_reasoning
        tool.history = move.previous_history
        self.placement.update(tool)
        self._redo.append(move)
        return move

    def redo(self) -> Move | None:
        """Apply again the latest undone move; None when there is nothing to redo. A move
        of a tool no longer in the catalog is dropped, not applied."""
        move = self._pop_present(self._redo)
        if move is None:
            return None
        self._apply(move)
        self._undo.append(move)
        return move

    def _pop_present(self, stack: list[Move]) -> Move | None:
        """The latest move of `stack` whose tool is still in the catalog, taken off it with
        the moves after it (their tools are gone, say re-read away from a changed file)."""
        while stack:
            move = stack.pop()
            if move.tool in self.catalog.tools:
                return move
        return None

    def _apply(self, move: Move) -> None:
        tool = move.tool
        tool.segment = move.to_segment
        tool.reasoning = move.reason or move.previous_reasoning
        tool.history = (*move.previous_history, move.entry)
        self.placement.update(tool)

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    # ------------------------------------------------------------------ saving

    def dirty_tools(self) -> list[Tool]:
        """Tools whose segment, reasoning or history differ from the saved or loaded state."""
        return [tool for tool, saved in self._saved.items() if state_of(tool) != saved]

    @property
    def pending_count(self) -> int:
        """Moves between the saved state and now, counting saved moves that were undone."""
        return self.pending_moves(self._saved)

    def pending_moves(self, tools: Iterable[Tool]) -> int:
        """The pending moves of `tools`, counted as `pending_count` counts them."""
        count = 0
        for tool in tools:
            saved = self._saved.get(tool)
            if saved is not None and state_of(tool) != saved:
                count += max(1, _moves_between(saved[2], tool.history))
        return count

    def pending_entries(self, tool: Tool) -> tuple[HistoryEntry, ...]:
        """The history entries of `tool`'s moves made since its saved state, oldest first
        (none when its only change is undoing saved moves)."""
        saved = self._saved.get(tool)
        if saved is None:
            return ()
        common = 0
        for old, new in zip(saved[2], tool.history, strict=False):
            if old != new:
                break
            common += 1
        return tool.history[common:]

    def mark_saved(self, tools: Iterable[Tool]) -> None:
        """The current state of `tools` is now what their files hold."""
        for tool in tools:
            self._saved[tool] = state_of(tool)

    def forget(self, tools: Iterable[Tool]) -> None:
        """Drop everything known about `tools` after they were re-read from disk.

        Their moves leave the undo and redo stacks (they no longer describe the tools),
        and whatever state the tools hold now counts as saved.
        """
        gone = set(tools)
        if not gone:
            return
        self._undo = [move for move in self._undo if move.tool not in gone]
        self._redo = [move for move in self._redo if move.tool not in gone]
        for tool in gone:
            self._saved.pop(tool, None)
