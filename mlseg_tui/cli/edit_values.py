"""How `add` and `edit` read a tool's values from the command line: `--set FIELD=VALUE`,
a segment by id or title, and the field rules' problems worded for a command line."""

from __future__ import annotations

from typing import Any

from mlseg_tui.catalog.tool_rules import check_values
from mlseg_tui.cli.names import segment_id, unknown_segment
from mlseg_tui.domain.criteria import Answers
from mlseg_tui.domain.model import Catalog, Tool
from mlseg_tui.domain.text import one_line
from mlseg_tui.domain.tool_values import BOOL_FIELDS, FIELDS, LIST_FIELDS, ToolValues

# `--set criteria.ID=VALUES` answers one criterion of the catalog's metric.
CRITERIA_PREFIX = "criteria."

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
    if sep and field.startswith(CRITERIA_PREFIX):
        return parse_answer(catalog, field.removeprefix(CRITERIA_PREFIX), text, problems)
    if not sep or field not in FIELDS:
        problems.append(
            (
                one_line(field) or "--set",
                f"{one_line(setting)!r} is not FIELD=VALUE with FIELD one of "
                f"{', '.join(FIELDS)} or criteria.ID",
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


def criterion_problem(catalog: Catalog, criterion_id: str) -> str | None:
    """Why `criterion_id` names no criterion of the catalog (listing those it has)."""
    if catalog.metric.criterion(criterion_id) is not None:
        return None
    known = ", ".join(c.id for c in catalog.metric.criteria) or "none: segments.toml defines none"
    return f"no criterion {one_line(criterion_id)!r} (the catalog's criteria: {known})"


def parse_answer(
    catalog: Catalog, criterion_id: str, text: str, problems: list[tuple[str, str]]
) -> tuple[str, Any] | None:
    """`criteria.ID` and its values (comma-separated) from `--set criteria.ID=VALUES`,
    checked against the criterion's allowed values; None (and a problem) when refused."""
    field = CRITERIA_PREFIX + one_line(criterion_id)
    unknown = criterion_problem(catalog, criterion_id)
    if unknown is not None:
        problems.append((field, unknown))
        return None
    criterion = catalog.metric.criterion(criterion_id)
    assert criterion is not None
    chosen = tuple(dict.fromkeys(item.strip() for item in text.split(",") if item.strip()))
    allowed = ", ".join(criterion.values)
    bad = [item for item in chosen if item not in criterion.values]
    if bad:
        said = ", ".join(repr(one_line(item)) for item in bad)
        problems.append((field, f"{said} not allowed; choose from {allowed}"))
        return None
    if not criterion.multiple and len(chosen) != 1:
        problems.append((field, f"takes exactly one of {allowed}"))
        return None
    return field, chosen


def with_answers(
    answers: Answers, changes: dict[str, Any], unset: list[str] | tuple[str, ...] = ()
) -> Answers | None:
    """`answers` with the `criteria.ID` entries of `changes` (taken out of it) set and the
    criteria of `unset` removed; None when neither names a criterion."""
    given = {k.removeprefix(CRITERIA_PREFIX): changes.pop(k) for k in list(changes)
             if k.startswith(CRITERIA_PREFIX)}  # fmt: skip
    if not given and not unset:
        return None
    merged = dict(answers)
    for key in unset:
        merged.pop(key, None)
    merged.update(given)
    return tuple(merged.items())
