"""How `add` and `edit` read a tool's values from the command line: `--set FIELD=VALUE`,
a segment by id or title, and the field rules' problems worded for a command line."""

from __future__ import annotations

from typing import Any

from mlseg_tui.catalog.tool_rules import check_values
from mlseg_tui.cli.names import segment_id, unknown_segment
from mlseg_tui.domain.model import Catalog, Tool
from mlseg_tui.domain.text import one_line
from mlseg_tui.domain.tool_values import BOOL_FIELDS, FIELDS, LIST_FIELDS, ToolValues

_TRUE = ("true", "yes", "1", "on")
_FALSE = ("false", "no", "0", "off")


def segment_id_or_text(catalog: Catalog, text: str) -> str:
    """The id of the segment `text` names (its id or its title, any case); the text itself
    when none does (`field_problems` then says so)."""
    return segment_id(catalog, text) or text


def field_problems(
    catalog: Catalog, values: ToolValues, tool: Tool | None = None
) -> list[tuple[str, str]]:
    """The field rules' problems with `values`; an unknown segment lists every id and title
    (this command takes either)."""
    unknown = values.segment not in catalog.segment_ids()
    return [
        (p.field, unknown_segment(catalog, values.segment) if unknown and p.field == "segment"
         else p.message)
        for p in check_values(catalog, values, tool)
    ]  # fmt: skip


def parse_set(
    catalog: Catalog, setting: str, problems: list[tuple[str, str]]
) -> tuple[str, Any] | None:
    """The field and value of `--set FIELD=VALUE`; None (and a problem) when unreadable."""
    field, sep, text = setting.partition("=")
    field = field.strip()
    if not sep or field not in FIELDS:
        problems.append(
            (
                one_line(field) or "--set",
                f"{one_line(setting)!r} is not FIELD=VALUE with FIELD one of {', '.join(FIELDS)}",
            )
        )
        return None
    if field in LIST_FIELDS:
        return field, tuple(item.strip() for item in text.split(",") if item.strip())
    if field in BOOL_FIELDS:
        if text.strip().lower() in _TRUE:
            return field, True
        if text.strip().lower() in _FALSE:
            return field, False
        problems.append((field, f"{one_line(text)!r} is not true or false"))
        return None
    return field, segment_id_or_text(catalog, text) if field == "segment" else text
