"""The text of a tool written anew: a `[[tools]]` table in the field order and style of
the bundled files, with its `[tools.essay]`, sources, events and history when it has them
(a removed tool put back by an undo after its removal was saved has them all); a file of
its own starts with a comment naming it, as the bundled files do. And the check that the
text reads back as exactly that tool and loads without a problem.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mlseg_tui.catalog.source import SourceText
from mlseg_tui.catalog.tool_table import build_tool
from mlseg_tui.domain.criteria import Metric
from mlseg_tui.domain.model import Problem, Tool
from mlseg_tui.domain.text import one_line
from mlseg_tui.domain.tool_values import FIELDS, REQUIRED, ToolValues, default_of, values_of
from mlseg_tui.store.edit_checks import EditError, single_tool_table
from mlseg_tui.store.toml_values import (
    basic_string,
    key_text,
    render_history_table,
    toml_text,
    value_text,
)

# Written even when false, as every bundled tool says it.
ALWAYS_WRITTEN = REQUIRED | {"tentative"}


def tool_table_text(values: ToolValues, newline: str, historical: bool = False) -> str:
    """A `[[tools]]` table holding `values`: the fields that are set, in file order
    (`historical`: the homepage no longer serves the product)."""
    lines = ["[[tools]]"]
    for field in FIELDS:
        value = values.get(field)
        if field in ALWAYS_WRITTEN or value != default_of(field):
            lines.append(f"{field} = {value_text(field, value, newline)}")
        if field == "homepage" and historical:
            lines.append("homepage_historical = true")
    return newline.join(lines) + newline


def full_tool_text(tool: Tool, newline: str, metric: Metric | None = None) -> str:
    """`tool` as a `[[tools]]` table with every field it has, subtables included
    (`metric` says which criteria take several values, written as arrays)."""
    table = tool_table_text(values_of(tool), newline, tool.homepage_historical)
    lines = [table.removesuffix(newline)]
    if tool.reviewed is not None:
        lines.append(f"reviewed = {tool.reviewed.isoformat()}")
    essay = tool.essay
    if essay is not None:
        lines += ["", "[tools.essay]"]
        lines.append(f"listed_as = {value_text('listed_as', essay.listed_as, newline)}")
        lines.append(f"segments = {value_text('segments', essay.segments, newline)}")
        if essay.positions:
            lines.append(f"positions = [{', '.join(str(p) for p in essay.positions)}]")
        if essay.note:
            lines.append(f"note = {toml_text(essay.note, 'note', newline)}")
    if tool.criteria:
        lines += ["", "[tools.criteria]"]
        for key, answers in tool.criteria:
            criterion = metric.criterion(key) if metric is not None else None
            one = criterion is not None and not criterion.multiple and len(answers) == 1
            value = basic_string(answers[0]) if one else value_text(key, answers, newline)
            lines.append(f"{key_text(key)} = {value}")
    for source in tool.sources:
        lines += ["", "[[tools.sources]]", f"url = {basic_string(source.url)}"]
        lines.append(f"supports = {toml_text(source.supports, 'supports', newline)}")
        if source.secondary:
            lines.append("secondary = true")
    for event in tool.events:
        lines += ["", "[[tools.events]]", f"date = {basic_string(event.date)}"]
        lines.append(f"kind = {basic_string(event.kind)}")
        lines.append(f"what = {toml_text(event.what, 'what', newline)}")
        lines.append(f"source = {basic_string(event.source)}")
        if event.secondary:
            lines.append("secondary = true")
    text = newline.join(lines) + newline
    return text + "".join(render_history_table(entry, newline) for entry in tool.history)


def new_file_text(tools: Sequence[Tool], newline: str = "\n", metric: Metric | None = None) -> str:
    """A tool file holding new tools, the first named in its opening comment."""
    heading = f"# Catalog entry for {one_line(tools[0].name)}."
    tables = newline.join(full_tool_text(tool, newline, metric) for tool in tools)
    return heading + newline + newline + tables


def check_new_tool(
    text: str,
    tool: Tool,
    path: Path,
    segment_ids: set[str] | None,
    metric: Metric | None = None,
) -> None:
    """`text` (a table, or a file of one) holds exactly `tool`, and the loader takes it
    without an error; EditError otherwise, and nothing is written."""
    source = SourceText(path, text)
    check_tool_table(single_tool_table(text), tool, source, segment_ids, metric)


def check_tool_table(
    table: dict[str, Any],
    tool: Tool,
    source: SourceText,
    segment_ids: set[str] | None,
    metric: Metric | None = None,
) -> None:
    """The parsed `table` loads as exactly `tool` (its source apart), with no error."""
    problems: list[Problem] = []
    read = build_tool(table, source, 0, segment_ids, problems, metric)
    errors = [problem.message for problem in problems if problem.is_error]
    if read is None or errors:
        raise EditError(f"the tool would not load: {'; '.join(errors)}")
    for field in dataclasses.fields(Tool):
        if field.name != "source" and getattr(read, field.name) != getattr(tool, field.name):
            raise EditError(f"the written tool would not hold the intended `{field.name}`")
