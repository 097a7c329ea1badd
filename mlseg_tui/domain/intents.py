"""A session's pending changes as intentions that can be made again elsewhere: on top of
a file re-read after another writer changed it (the store's overwrite), or at the next
start after the browser was stopped (the store's recovery file).

An intention names its tool as its file has it and says what to make of it: the fields
to change (with the reason and date of its history entry), a tool to add, or a removal.
Made again through an `EditSession`, each is an ordinary, undoable edit, and a history
entry starts from what the file holds then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from mlseg_tui.domain.edits import EditSession
from mlseg_tui.domain.model import Catalog, SourceRef, Tool
from mlseg_tui.domain.tool_values import EDITABLE

IntentKind = Literal["add", "edit", "remove", "move"]


@dataclass(frozen=True)
class Intent:
    """One change to make again. `values`: the changed fields' new values (an edit), or
    every field (an add); a "move" (from older recovery files) is a segment and a reason."""

    kind: IntentKind
    name: str  # the tool's name in its file (an edit, a removal), or its name (an add)
    values: tuple[tuple[str, Any], ...] = ()
    reason: str = ""  # the last reason given: its history entry's
    date: dt.date | None = None  # that entry's date
    file: Path | None = None  # an add: the file it goes to
    new_file: bool = False  # an add: a file of its own, named from it
    tool: Tool | None = None  # an add made again in the same process: the Tool itself

    def value(self, field: str, default: Any = None) -> Any:
        return dict(self.values).get(field, default)


def intents_of(session: EditSession, paths: Collection[Path] | None = None) -> list[Intent]:
    """The session's pending changes (of the tools of `paths` only, when given)."""
    found: list[Intent] = []
    for change in session.changes():
        tool = change.tool
        if paths is not None and tool.source.path not in paths:
            continue
        saved, current = change.saved, change.current
        if change.kind == "remove" and saved is not None:
            found.append(Intent("remove", saved.values.name))
        elif change.kind == "add" and current is not None:
            values = tuple((field, current.values.get(field)) for field in EDITABLE)
            found.append(
                Intent(
                    "add",
                    tool.name,
                    values,
                    file=tool.source.path,
                    new_file=change.new_file,
                    tool=tool,
                )
            )
        elif saved is not None and current is not None:
            values = tuple((f, current.values.get(f)) for f in change.changed_fields())
            pending = current.history[len(saved.history) :]
            entry = (
                pending[-1]
                if current.history[: len(saved.history)] == saved.history and pending
                else None
            )
            found.append(
                Intent(
                    "edit",
                    saved.values.name,
                    values,
                    entry.reason if entry else "",
                    entry.date if entry else None,
                )
            )
    return found


def apply_intents(
    intents: Iterable[Intent], catalog: Catalog, session: EditSession
) -> tuple[list[Tool], list[str]]:
    """Make `intents` again through `session`; the tools changed, and the names of those
    the catalog no longer has (or that clash, for an add), whose intents were skipped."""
    changed: list[Tool] = []
    skipped: list[str] = []
    segments = set(catalog.segment_ids())
    for intent in intents:
        if intent.kind == "add":
            if catalog.find(intent.name) is not None or intent.value("segment") not in segments:
                skipped.append(intent.name)
                continue
            tool = intent.tool or _new_tool(intent, catalog)
            session.add(tool, new_file=intent.new_file)
            changed.append(tool)
            continue
        tool = catalog.find(intent.name)
        if tool is None or (intent.kind == "move" and intent.value("segment") not in segments):
            skipped.append(intent.name)
            continue
        if intent.kind == "remove":
            session.remove(tool)
        elif intent.kind == "move":
            session.move(tool, intent.value("segment"), intent.reason, today=intent.date)
        else:
            values = dict(intent.values)
            if values.get("segment", tool.segment) not in segments:
                skipped.append(intent.name)
                continue
            session.edit(tool, values, today=intent.date, entry_reason=intent.reason)
        changed.append(tool)
    return changed, skipped


def _new_tool(intent: Intent, catalog: Catalog) -> Tool:
    values = dict(intent.values)
    file = intent.file or catalog.root / "tools" / "new.toml"
    tool = Tool(values["name"], values["segment"], values["reasoning"], SourceRef(file, -1))
    for field in EDITABLE:
        if field in values:
            setattr(tool, field, values[field])
    return tool
