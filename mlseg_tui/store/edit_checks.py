"""The checks an edited tool table must pass before it is written: it parses to exactly
one tool, holds the intended values, and nothing else of it changed."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

import tomli

from mlseg_tui.catalog.history import read_history
from mlseg_tui.domain.model import HistoryEntry
from mlseg_tui.domain.tool_values import (
    CRITERIA,
    ToolState,
    answers_differ,
    default_of,
    normal_answers,
)


class EditError(Exception):
    """A tool's table could not be edited safely; the file is left alone."""


class WrongTable(EditError):
    """The span found for a tool holds another tool (the layout was misread)."""


def common_prefix(old: Sequence[HistoryEntry], new: Sequence[HistoryEntry]) -> int:
    """How many entries the two histories share from their start."""
    count = 0
    for a, b in zip(old, new, strict=False):
        if a != b:
            break
        count += 1
    return count


def single_tool_table(span: str) -> dict[str, Any]:
    """The one `[[tools]]` table `span` holds (EditError when it holds anything else)."""
    try:
        document = tomli.loads(span)
    except tomli.TOMLDecodeError as error:
        raise EditError(f"the tool's table does not parse: {error}") from None
    tables = document.get("tools")
    if set(document) != {"tools"} or not isinstance(tables, list) or len(tables) != 1:
        raise EditError("the tool's span does not hold exactly one [[tools]] table")
    table = tables[0]
    if not isinstance(table, dict):
        raise EditError("the tool is not a table")
    return table


def table_value(table: dict[str, Any], field: str) -> Any:
    """A parsed table's value of the tool field `field`; "not set" when absent, arrays as
    tuples (as ToolValues holds them)."""
    value = table.get(field, default_of(field))
    return tuple(value) if isinstance(value, list) else value


def verify(
    new_text: str, old_table: dict[str, Any], wanted: ToolState, changed: Collection[str]
) -> None:
    """The edited table parses to the wanted values, and nothing else changed."""
    check_table(single_tool_table(new_text), old_table, wanted, changed)


def check_table(
    new_table: dict[str, Any],
    old_table: dict[str, Any],
    wanted: ToolState,
    changed: Collection[str],
) -> None:
    """`new_table` holds the wanted values of the `changed` fields and the wanted
    history, and `old_table`'s kept history entries and every other key unchanged."""
    for field in changed:
        if field == CRITERIA:
            given = new_table.get(CRITERIA, {})
            answers = {k: v if isinstance(v, list) else [v] for k, v in given.items()}
            if answers_differ(normal_answers(answers), wanted.values.criteria):
                raise EditError("the edited table does not hold the new criteria")
            continue
        if table_value(new_table, field) != wanted.values.get(field):
            raise EditError(f"the edited table does not hold the new `{field}`")
    if read_history(new_table.get("history", [])) != wanted.history:
        raise EditError("the edited table does not hold the new history")
    old_history = old_table.get("history", [])
    keep = common_prefix(read_history(old_history) or (), wanted.history)
    if new_table.get("history", [])[:keep] != old_history[:keep]:
        raise EditError("the edit changed a kept history entry")
    rewritten = {*changed, "history"}
    if {k: v for k, v in new_table.items() if k not in rewritten} != {
        k: v for k, v in old_table.items() if k not in rewritten
    }:
        raise EditError("the edit changed another field of the tool")
