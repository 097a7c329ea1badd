"""What an edit did and what a save must write: the records of `EditSession` (edits.py),
and how the pending history entries of one tool collapse into one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from mlseg_tui.domain.model import HistoryEntry, Tool
from mlseg_tui.domain.tool_values import ToolState, ToolValues

EditKind = Literal["add", "edit", "move", "remove"]
ChangeKind = Literal["add", "edit", "remove"]


@dataclass(frozen=True, slots=True)
class Edit:
    """One applied edit, undoable: the tool's state before and after it (None: the tool
    was not, or is no longer, in the catalog) and its place in the catalog's list.
    `reason_as_reasoning`: the reasoning it set is a move's reason (it goes with the move)."""

    kind: EditKind
    tool: Tool
    before: ToolState | None
    after: ToolState | None
    position: int
    reason_as_reasoning: bool = False

    @property
    def from_segment(self) -> str:
        return (self.before or self.after).values.segment  # type: ignore[union-attr]

    @property
    def to_segment(self) -> str:
        return (self.after or self.before).values.segment  # type: ignore[union-attr]

    @property
    def entry(self) -> HistoryEntry | None:
        """The history entry this edit left last in the tool's history, if it made one."""
        if self.after is None or not self.after.history:
            return None
        before = self.before.history if self.before is not None else ()
        return self.after.history[-1] if self.after.history != before else None


@dataclass(frozen=True, slots=True)
class Change:
    """One tool's pending change, as the store writes it: `saved` is what its file holds
    (None: not on disk yet), `current` what it should hold (None: taken out). A new tool
    with `new_file` gets a file of its own, named from its name when it is saved."""

    kind: ChangeKind
    tool: Tool
    saved: ToolState | None
    current: ToolState | None
    new_file: bool = False

    def changed_fields(self) -> list[str]:
        if self.saved is None or self.current is None:
            return []
        return self.current.values.changed(self.saved.values)


def merged_entry(
    origin: tuple[str, str, str], new: ToolValues, reason: str, today: dt.date
) -> HistoryEntry | None:
    """The one history entry from `origin` (segment, reasoning, name) to `new`, or None
    when neither the segment, the reasoning nor the name differ."""
    segment, reasoning, name = origin
    moved, reasoned, renamed = (
        segment != new.segment,
        reasoning != new.reasoning,
        name != new.name,
    )
    if not (moved or reasoned or renamed):
        return None
    return HistoryEntry(
        today,
        segment,
        new.segment,
        reason,
        reasoning if reasoned else "",
        name if renamed else "",
    )


def collapsed_history(
    now: ToolState,
    saved_history: tuple[HistoryEntry, ...],
    new: ToolValues,
    reason: str,
    today: dt.date,
) -> tuple[HistoryEntry, ...]:
    """The history of a tool in state `now` once it takes the values `new`.

    Entries its file holds (`saved_history`) stay; the pending one (at most one: each edit
    collapses) is merged with this edit into one entry from where the tool stood on disk
    to `new`, keeping the last non-blank reason given; none when that is no change.
    """
    history = now.history
    kept = 0
    for old, entry in zip(saved_history, history, strict=False):
        if old != entry:
            break
        kept += 1
    base, pending = history[:kept], history[kept:]
    origin = (now.values.segment, now.values.reasoning, now.values.name)
    if pending:
        first, last = pending[0], pending[-1]
        origin = (
            first.from_segment,
            first.previous_reasoning or now.values.reasoning,
            first.renamed_from or now.values.name,
        )
        reason = reason or last.reason
    entry = merged_entry(origin, new, reason, today)
    return base if entry is None else (*base, entry)


def reasoning_back_home(
    edits: Sequence[Edit], tool: Tool, now: ToolValues, saved: ToolValues, new: ToolValues
) -> ToolValues:
    """`new` (a move of `tool` from `now`, no reason given) with the reasoning the tool had
    before a move's reason replaced it, when the move takes it back to the segment its
    file holds (`saved`): the reason went with the move away. A reasoning last set
    otherwise (the edit form) stays. `edits`: the applied edits, oldest first."""
    if new.segment == now.segment or new.segment != saved.segment:
        return new
    if new.reasoning == saved.reasoning:
        return new
    for edit in reversed(edits):
        if edit.tool is not tool or edit.before is None or edit.after is None:
            continue
        if edit.before.values.reasoning == edit.after.values.reasoning:
            continue
        if edit.reason_as_reasoning and edit.after.values.reasoning == new.reasoning:
            return new.replace(reasoning=edit.before.values.reasoning)
        return new  # the latest reasoning is not a move's reason
    return new


def renamed_aliases(old: str, new: ToolValues, on_disk: bool) -> tuple[str, ...]:
    """The aliases of a tool renamed from `old` to `new.name`: the old name kept when it is
    the name on disk (`on_disk`; an unsaved name is not), the new name not among them."""
    aliases = list(new.aliases)
    folded = {alias.casefold() for alias in aliases}
    if on_disk and old.casefold() != new.name.casefold() and old.casefold() not in folded:
        aliases.append(old)
    return tuple(alias for alias in aliases if alias.casefold() != new.name.casefold())
