"""Editing a catalog in memory: add, edit, rename, move and remove tools, with undo and
redo in any mix. The model layer of editing: no Textual and no file I/O.

The store writes what `EditSession.changes()` names, then calls `mark_saved`. The session
keeps, for each tool it touched, the state its file holds (None for a tool not on disk
yet). The pending edits of one tool always collapse into one change against that state:
a tool moved away and back is not changed at all (a reason given for the move away
goes with it), and A -> B -> C is one history entry A -> C with the last reason given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from mlseg_tui.domain.changes import (
    Change,
    ChangeKind,
    Edit,
    EditKind,
    collapsed_history,
    reasoning_back_home,
    renamed_aliases,
)
from mlseg_tui.domain.model import Catalog, HistoryEntry, Tool
from mlseg_tui.domain.placement import Placement
from mlseg_tui.domain.text import check_utf8
from mlseg_tui.domain.tool_values import ToolState, ToolValues, apply_state, state_of

Move = Edit  # a move is an edit of the tool's segment


class EditSession:
    """The edits made to one catalog, undoable back to the state as loaded."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        # Where each tool sits, by index: kept in step by every edit, undo and redo here,
        # and refreshed by whoever changes the catalog's tool list (a reload).
        self.placement = Placement(catalog)
        self._undo: list[Edit] = []
        self._redo: list[Edit] = []
        # The state on disk of every tool touched since load or its last save (None: not
        # on disk). Recorded on a tool's first edit, so a big catalog costs nothing up front.
        self._saved: dict[Tool, ToolState | None] = {}
        # Tools this session took out of the catalog (pending removals), in order.
        self._removed: dict[Tool, None] = {}
        # New tools that get a file of their own (see `add`).
        self.new_files: set[Tool] = set()

    # ------------------------------------------------------------------ editing

    def move(
        self, tool: Tool, to_segment: str, reason: str = "", today: dt.date | None = None
    ) -> Edit | None:
        """Move `tool` to `to_segment`; None (nothing changes) when it is already there.

        A non-blank `reason` becomes the tool's reasoning, and the reasoning it replaces
        is kept in the history entry. Raises ValueError for an unknown segment id, or a
        reason that cannot be written as UTF-8.
        """
        self._check_segment(to_segment)
        if to_segment == tool.segment:
            return None
        check_utf8(reason, "the reason")
        return self.edit(tool, {"segment": to_segment}, reason, today)

    def edit(
        self,
        tool: Tool,
        changes: Mapping[str, Any],
        reason: str = "",
        today: dt.date | None = None,
        entry_reason: str | None = None,
    ) -> Edit | None:
        """Change fields of `tool` (field name -> new value); None when nothing changes.

        A new segment is a move, a new name a rename: the name on disk stays an alias, so
        what found the tool still finds it. A move, a new reasoning or a rename is
        recorded in the history, all pending ones of the tool as one entry. A non-blank
        `reason` (a move's) becomes the reasoning; a new segment with a new reasoning
        takes that reasoning as the move's reason; `entry_reason` (changes made again)
        is the history entry's reason as it was given. Raises ValueError for an unknown
        field or segment; checking the values is the caller's (catalog.tool_rules).
        """
        if tool in self._removed:
            raise ValueError(f"{tool.name!r} was removed; undo the removal first")
        before = state_of(tool)
        new = before.values.replace(**changes)
        reason_as_reasoning = bool(reason.strip())
        if reason_as_reasoning:
            new = new.replace(reasoning=reason)
        else:
            reason = ""
            saved = self._saved.get(tool, before)
            if "reasoning" not in changes and saved is not None:
                # Back where its file has it: a move's reason goes with the move away.
                new = reasoning_back_home(self._undo, tool, before.values, saved.values, new)
        if new.segment != before.values.segment:
            self._check_segment(new.segment)
            if not reason and new.reasoning != before.values.reasoning:
                reason = new.reasoning
        if entry_reason is not None:
            reason = entry_reason
        self._saved.setdefault(tool, before)
        if new.name != before.values.name:
            saved = self._saved.get(tool)
            on_disk = saved is not None and saved.values.name == tool.name
            new = new.replace(aliases=renamed_aliases(tool.name, new, on_disk))
        after = ToolState(new, self._history(tool, new, reason, today or dt.date.today()))
        if after == before:
            return None
        kind: EditKind = "move" if new.segment != before.values.segment else "edit"
        edit = Edit(kind, tool, before, after, -1, reason_as_reasoning)
        self._apply(edit, after)
        self._push(edit)
        return edit

    def add(self, tool: Tool, new_file: bool = False) -> Edit:
        """Add `tool` (not yet on disk) at the end of the catalog. `new_file`: it gets a
        file of its own, named from its name when saved (`tool.source` says where it
        would go now); else it is appended to `tool.source.path`."""
        self._check_segment(tool.segment)
        self._saved.setdefault(tool, None)
        if new_file:
            self.new_files.add(tool)
        edit = Edit("add", tool, None, state_of(tool), len(self.catalog.tools))
        self._insert(edit)
        self._push(edit)
        return edit

    def remove(self, tool: Tool) -> Edit:
        """Take `tool` out of the catalog (its file loses it on save)."""
        position = self.catalog.tools.index(tool)
        state = state_of(tool)
        self._saved.setdefault(tool, state)
        edit = Edit("remove", tool, state, None, position)
        self._take_out(edit)
        self._push(edit)
        return edit

    def undo(self) -> Edit | None:
        """Take back the latest edit; None when there is nothing to undo. An edit of a tool
        no longer in the catalog (re-read away from a changed file) is dropped."""
        edit = self._pop_valid(self._undo, undoing=True)
        if edit is None:
            return None
        if edit.before is None:
            self._take_out(edit)
        elif edit.after is None:
            self._insert(edit)
        else:
            self._apply(edit, edit.before)
        self._redo.append(edit)
        return edit

    def redo(self) -> Edit | None:
        """Apply again the latest undone edit; None when there is nothing to redo."""
        edit = self._pop_valid(self._redo, undoing=False)
        if edit is None:
            return None
        if edit.before is None:
            self._insert(edit)
        elif edit.after is None:
            self._take_out(edit)
        else:
            self._apply(edit, edit.after)
        self._undo.append(edit)
        return edit

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def is_removed(self, tool: Tool) -> bool:
        return tool in self._removed

    # ------------------------------------------------------------------ saving

    def changes(self) -> list[Change]:
        """Every tool whose state differs from its file's, in the order first touched."""
        found = []
        for tool, saved in self._saved.items():
            current = None if tool in self._removed else state_of(tool)
            if current == saved:
                continue
            kind: ChangeKind = "add" if saved is None else "remove" if current is None else "edit"
            found.append(Change(kind, tool, saved, current, tool in self.new_files))
        return found

    def dirty_tools(self) -> list[Tool]:
        """Tools with a pending change (added, edited, moved or removed)."""
        return [change.tool for change in self.changes()]

    @property
    def pending_count(self) -> int:
        """How many tools have a pending change: each tool's edits count once."""
        return len(self.changes())

    def pending_in(self, path: Path) -> int:
        """How many pending changes the file at `path` would take."""
        return sum(1 for change in self.changes() if change.tool.source.path == path)

    def mark_saved(self, tools: Iterable[Tool]) -> None:
        """The current state of `tools` is now what their files hold."""
        for tool in tools:
            self._saved[tool] = None if tool in self._removed else state_of(tool)
            if self._saved[tool] is not None:
                self.new_files.discard(tool)

    def forget(self, tools: Iterable[Tool]) -> None:
        """Drop everything known about `tools` after they were re-read from disk.

        Their edits leave the undo and redo stacks (they no longer describe the tools),
        and whatever state the tools hold now counts as saved.
        """
        gone = set(tools)
        if not gone:
            return
        self._undo = [edit for edit in self._undo if edit.tool not in gone]
        self._redo = [edit for edit in self._redo if edit.tool not in gone]
        for tool in gone:
            self._saved.pop(tool, None)
            self._removed.pop(tool, None)
            self.new_files.discard(tool)

    def forget_removals_in(self, paths: Iterable[Path]) -> None:
        """Drop the pending removals from the files `paths` (re-read: they hold the tools
        again, as new Tool objects)."""
        wanted = set(paths)
        self.forget([tool for tool in self._removed if tool.source.path in wanted])

    # ------------------------------------------------------------------ inside

    def _check_segment(self, segment_id: str) -> None:
        if segment_id not in self.catalog.segment_ids():
            raise ValueError(
                f"unknown segment {segment_id!r} "
                f"(expected one of {', '.join(self.catalog.segment_ids())})"
            )

    def _history(
        self, tool: Tool, new: ToolValues, reason: str, today: dt.date
    ) -> tuple[HistoryEntry, ...]:
        saved = self._saved.get(tool)
        if saved is None:
            return tool.history  # not on disk yet: nothing to record against
        return collapsed_history(state_of(tool), saved.history, new, reason, today)

    def _apply(self, edit: Edit, state: ToolState) -> None:
        apply_state(edit.tool, state)
        self.placement.update(edit.tool)

    def _insert(self, edit: Edit) -> None:
        tools = self.catalog.tools
        tools.insert(min(edit.position, len(tools)), edit.tool)
        self._removed.pop(edit.tool, None)
        self.placement.refresh()

    def _take_out(self, edit: Edit) -> None:
        self.catalog.tools.remove(edit.tool)
        self._removed[edit.tool] = None
        self.placement.refresh()

    def _push(self, edit: Edit) -> None:
        self._undo.append(edit)
        self._redo.clear()

    def _valid(self, edit: Edit, undoing: bool) -> bool:
        """Whether `edit` can still be taken back (or applied again): an add being undone,
        or a removal being redone, needs the tool present; a removal being undone, or an
        add being redone, needs it taken out by this session."""
        wants_out = (edit.after is None) if undoing else (edit.before is None)
        return edit.tool in self._removed if wants_out else edit.tool in self.catalog.tools

    def _pop_valid(self, stack: list[Edit], undoing: bool) -> Edit | None:
        """The latest edit of `stack` that can still be taken back (or applied again),
        taken off it with the edits after it whose tools are gone (re-read away)."""
        while stack:
            edit = stack.pop()
            if self._valid(edit, undoing):
                return edit
        return None

    @property
    def next_undo(self) -> Edit | None:
        """The edit `undo` would take back, if any."""
        return next((e for e in reversed(self._undo) if self._valid(e, True)), None)

    @property
    def next_redo(self) -> Edit | None:
        """The edit `redo` would apply again, if any."""
        return next((e for e in reversed(self._redo) if self._valid(e, False)), None)
