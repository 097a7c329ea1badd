"""Editing a tool's `[tools.criteria]` subtable as text: only the lines of the answers that
changed are rewritten, added or removed; comments and the other answers keep their bytes.
A tool without the subtable gets one before its first array of subtables (its sources,
events or history). Layouts the splice cannot follow (an inline or dotted `criteria`) raise
EditError, and tomlkit edits them instead (tomlkit_edit)."""

from __future__ import annotations

import re
from typing import Any

from mlseg_tui.domain.criteria import Answers, Metric
from mlseg_tui.store.edit_checks import EditError
from mlseg_tui.store.toml_scan import VALUE_TAIL, Record, value_end
from mlseg_tui.store.toml_values import basic_string, key_text

_CRITERIA_KEYS = ("tools", "criteria")
Edit = tuple[int, int, str]


def as_list(metric: Metric | None, key: str, old: Any, chosen: tuple[str, ...]) -> bool:
    """Whether the answer to criterion `key` is written as an array: as the metric says,
    else as the file wrote it, else an array unless it holds exactly one value."""
    criterion = metric.criterion(key) if metric is not None else None
    if criterion is not None:
        return criterion.multiple
    if old is not None:
        return isinstance(old, list)
    return len(chosen) != 1


def toml_answer(chosen: tuple[str, ...], array: bool) -> Any:
    """The answer as the parsed TOML holds it."""
    return list(chosen) if array else chosen[0]


def answer_toml(chosen: tuple[str, ...], array: bool) -> str:
    if not array:
        return basic_string(chosen[0])
    return "[" + ", ".join(basic_string(item) for item in chosen) + "]"


def _statement(span: str, record: Record, key: str) -> tuple[int, int] | None:
    pattern = re.compile(
        rf"""[ \t]*(?:{re.escape(key)}|"{re.escape(key)}"|'{re.escape(key)}')[ \t]*=[ \t]*"""
    )
    found = pattern.match(span, record.start, record.end)
    if found is None:
        return None
    end = value_end(span, found.end(), record.end)
    if end is None or not VALUE_TAIL.fullmatch(span, end, record.end):
        raise EditError(f"the answer `{key}` is not written as one plain value")
    return found.end(), end


def criteria_edits(
    span: str,
    records: list[Record],
    old_table: dict[str, Any],
    wanted: Answers,
    newline: str,
    metric: Metric | None,
) -> list[Edit]:
    """The edits that make the tool's `[tools.criteria]` hold `wanted`."""
    old = old_table.get("criteria", {})
    if not isinstance(old, dict):
        raise EditError("`criteria` is not a table")
    new = dict(wanted)
    headers = [i for i, r in enumerate(records) if r.kind == "header"]
    at = next((i for i in headers if records[i].keys == _CRITERIA_KEYS), None)
    if at is None and old:
        raise EditError("the criteria are not written as a [tools.criteria] table")
    if at is not None and records[at].is_array:
        raise EditError("[[tools.criteria]] is not a table")
    if at is None:
        if not new:
            return []
        return [_new_table(span, records, headers, wanted, newline, metric)]
    end = next((i for i in headers if i > at), len(records))
    statements = [r for r in records[at + 1 : end] if r.kind == "statement"]
    edits: list[Edit] = []
    written: set[str] = set()
    for record in statements:
        for key in old:
            found = _statement(span, record, key)
            if found is None:
                continue
            written.add(key)
            if key not in new:
                edits.append((record.start, record.end, ""))
            elif tuple(_as_tuple(old[key])) != new[key]:
                array = as_list(metric, key, old[key], new[key])
                edits.append((found[0], found[1], answer_toml(new[key], array)))
            break
    if written != set(old):
        raise EditError("an answer of the criteria is written in a way the splice cannot follow")
    added = [key for key, _ in wanted if key not in old]
    if added:
        last = max((r.end for r in records[at:end] if r.kind != "trivia"), default=records[at].end)
        lines = "".join(answer_line(metric, key, new[key], newline) for key in added)
        edits.append((last, last, lines if span[:last].endswith("\n") else newline + lines))
    return edits


def answer_line(metric: Metric | None, key: str, chosen: tuple[str, ...], newline: str) -> str:
    """A new line answering criterion `key`."""
    return f"{key_text(key)} = {answer_toml(chosen, as_list(metric, key, None, chosen))}{newline}"


def _as_tuple(value: Any) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else (value,)


def _new_table(
    span: str,
    records: list[Record],
    headers: list[int],
    wanted: Answers,
    newline: str,
    metric: Metric | None,
) -> Edit:
    body = "".join(answer_line(metric, key, chosen, newline) for key, chosen in wanted)
    table = f"[tools.criteria]{newline}{body}"
    first_array = next((i for i in headers[1:] if records[i].is_array), None)
    if first_array is not None:
        where = records[first_array].start
        return where, where, table + newline
    last = max((r.end for r in records if r.kind != "trivia"), default=len(span))
    lead = newline if span[:last].endswith("\n") else newline + newline
    return last, last, lead + table
