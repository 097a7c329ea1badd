"""The fields of a tool that edits change, as one value: what a form shows and checks,
what the edit session compares with the state on disk, and what the store writes.

Fields the edits never change (the essay's listing, sources, events) stay on the Tool.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from mlseg_tui.domain.criteria import Answers
from mlseg_tui.domain.model import HistoryEntry, Tool

# The editable fields in the order the bundled tool files write them.
FIELDS = (
    "name",
    "segment",
    "reasoning",
    "aliases",
    "tentative",
    "kind",
    "description",
    "vendor",
    "homepage",
    "repository",
    "open_source",
    "license",
    "sdk_license",
    "status",
    "tags",
)
REQUIRED = frozenset({"name", "segment", "reasoning"})
LIST_FIELDS = frozenset({"aliases", "tags"})
BOOL_FIELDS = frozenset({"tentative", "open_source"})
# Text that may span lines (the others are one line).
MULTILINE_FIELDS = frozenset({"reasoning", "description"})
STRING_FIELDS = frozenset(FIELDS) - LIST_FIELDS - BOOL_FIELDS
# The answers to the metric's criteria: edited like a field, but written in the tool's
# `[tools.criteria]` subtable, one line a criterion (so not among the FIELDS above).
CRITERIA = "criteria"
EDITABLE = (*FIELDS, CRITERIA)


def normal_answers(value: Any) -> Answers:
    """Answers as the model holds them, from any sequence of (criterion id, values) pairs
    or a mapping (a recovery file's JSON gives lists)."""
    pairs = value.items() if isinstance(value, dict) else value
    return tuple((str(key), tuple(str(item) for item in chosen)) for key, chosen in pairs)


def answers_differ(a: Answers, b: Answers) -> bool:
    """Different answers (their order in the file does not matter)."""
    return dict(a) != dict(b)


@dataclass(frozen=True, slots=True)
class ToolValues:
    """The editable fields of one tool. An empty string, an empty tuple, False for
    `tentative` and None for `open_source` mean "not set" (the file leaves them out)."""

    name: str
    segment: str
    reasoning: str
    aliases: tuple[str, ...] = ()
    tentative: bool = False
    kind: str = ""
    description: str = ""
    vendor: str = ""
    homepage: str = ""
    repository: str = ""
    open_source: bool | None = None
    license: str = ""
    sdk_license: str = ""
    status: str = ""
    tags: tuple[str, ...] = ()
    criteria: Answers = ()

    @property
    def keys(self) -> tuple[str, ...]:
        """The name, then the aliases: what a user may type to find the tool."""
        return (self.name, *self.aliases)

    def get(self, field: str) -> Any:
        return getattr(self, field)

    def changed(self, other: ToolValues) -> list[str]:
        """The fields whose values differ from `other`'s, in file order (the criteria
        last, when any answer differs)."""
        changed = [field for field in FIELDS if getattr(self, field) != getattr(other, field)]
        if answers_differ(self.criteria, other.criteria):
            changed.append(CRITERIA)
        return changed

    def replace(self, **changes: Any) -> ToolValues:
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise ValueError(f"not an editable field: {', '.join(sorted(unknown))}")
        if CRITERIA in changes:
            changes[CRITERIA] = normal_answers(changes[CRITERIA])
        return dataclasses.replace(self, **changes)


def default_of(field: str) -> Any:
    """What "not set" is for `field`."""
    if field in LIST_FIELDS or field == CRITERIA:
        return ()
    if field == "tentative":
        return False
    if field == "open_source":
        return None
    return ""


@dataclass(frozen=True, slots=True)
class ToolState:
    """Everything an edit may change of a tool: its values and its history."""

    values: ToolValues
    history: tuple[HistoryEntry, ...]


def values_of(tool: Tool) -> ToolValues:
    return ToolValues(
        tool.name, tool.segment, tool.reasoning, tool.aliases, tool.tentative, tool.kind,
        tool.description, tool.vendor, tool.homepage, tool.repository, tool.open_source,
        tool.license, tool.sdk_license, tool.status, tool.tags, tool.criteria,
    )  # fmt: skip


def state_of(tool: Tool) -> ToolState:
    return ToolState(values_of(tool), tool.history)


def apply_state(tool: Tool, state: ToolState) -> None:
    """Give `tool` the values and history of `state`."""
    values = state.values
    for field in EDITABLE:
        setattr(tool, field, getattr(values, field))
    tool.history = state.history
