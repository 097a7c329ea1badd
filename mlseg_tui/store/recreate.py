"""Writing a deleted tool file again from the tools memory holds of it.

A save that finds one of its files deleted asks the user; one answer is to write the
file again, holding its tools as memory has them (pending moves included). The file is
rendered from the model, then parsed back with the loader's own code and compared field
by field with memory: anything that would not come back exactly is refused, never
written. The file is created only if it still does not exist at the rename.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

import tomlkit

from mlseg_tui.catalog.parse import parse_tool_file
from mlseg_tui.domain.criteria import Metric
from mlseg_tui.domain.model import HistoryEntry, Problem, Tool
from mlseg_tui.store.edit_checks import EditError

_STRINGS = ("kind", "description", "vendor", "homepage", "repository", "license", "status")


def render_tools(tools: list[Tool], metric: Metric | None = None) -> str:
    """The TOML of a tool file holding `tools`, in order; `metric` says which criteria
    take several values (written as arrays)."""
    document = tomlkit.document()
    document.add(tomlkit.comment("Written again by mlseg-tui after the file was deleted."))
    tables = tomlkit.aot()
    for tool in tools:
        tables.append(tomlkit.item(_table(tool, metric)))
    document.append("tools", tables)
    return tomlkit.dumps(document)


def _table(tool: Tool, metric: Metric | None) -> dict[str, Any]:
    table: dict[str, Any] = {
        "name": tool.name,
        "segment": tool.segment,
        "reasoning": tool.reasoning,
    }
    if tool.aliases:
        table["aliases"] = list(tool.aliases)
    if tool.tentative:
        table["tentative"] = True
    for key in _STRINGS:
        if getattr(tool, key):
            table[key] = getattr(tool, key)
    if tool.open_source is not None:
        table["open_source"] = tool.open_source
    if tool.sdk_license:
        table["sdk_license"] = tool.sdk_license
    if tool.homepage_historical:
        table["homepage_historical"] = True
    if tool.tags:
        table["tags"] = list(tool.tags)
    if tool.reviewed is not None:
        table["reviewed"] = tool.reviewed
    if tool.essay is not None:
        essay: dict[str, Any] = {
            "listed_as": list(tool.essay.listed_as),
            "segments": list(tool.essay.segments),
        }
        if tool.essay.note:
            essay["note"] = tool.essay.note
        if tool.essay.positions:
            essay["positions"] = list(tool.essay.positions)
        table["essay"] = essay
    if tool.sources:
        table["sources"] = [_without_defaults(dataclasses.asdict(s)) for s in tool.sources]
    if tool.events:
        table["events"] = [_without_defaults(dataclasses.asdict(e)) for e in tool.events]
    if tool.criteria:
        table["criteria"] = {key: _answer(key, values, metric) for key, values in tool.criteria}
    if tool.history:
        table["history"] = [_history(entry) for entry in tool.history]
    return table


def _answer(key: str, values: tuple[str, ...], metric: Metric | None) -> str | list[str]:
    criterion = metric.criterion(key) if metric is not None else None
    if criterion is not None and not criterion.multiple and len(values) == 1:
        return values[0]
    return list(values)


def _history(entry: HistoryEntry) -> dict[str, Any]:
    record: dict[str, Any] = {
        "date": entry.date,
        "from": entry.from_segment,
        "to": entry.to_segment,
        "reason": entry.reason,
    }
    if entry.previous_reasoning:
        record["previous_reasoning"] = entry.previous_reasoning
    if entry.renamed_from:
        record["renamed_from"] = entry.renamed_from
    return record


def _without_defaults(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if value not in ("", False)}


def checked_file(
    path: Path, tools: list[Tool], segment_ids: set[str], metric: Metric | None = None
) -> bytes:
    """The bytes of a tool file holding exactly `tools`; EditError when what would be
    written does not read back as the same tools."""
    data = render_tools(tools, metric).encode("utf-8")
    problems: list[Problem] = []
    back, _ = parse_tool_file(path, data, segment_ids, problems, metric=metric)
    errors = [problem for problem in problems if problem.is_error]
    if errors:
        raise EditError(f"the file would not read back: {errors[0].message}")
    if len(back) != len(tools):
        raise EditError("the file would not read back with the same tools")
    for ours, read in zip(tools, back, strict=True):
        for item in dataclasses.fields(Tool):
            if item.name != "source" and getattr(ours, item.name) != getattr(read, item.name):
                raise EditError(f"{ours.name!r} would not read back the same ({item.name})")
    return data


def missing(path: Path) -> bool:
    return not os.path.lexists(path)
