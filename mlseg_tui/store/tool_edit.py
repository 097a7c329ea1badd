"""Editing one tool's `[[tools]]` table as text: pure text in, text out.

Parsing a whole big file with tomlkit is slow, so a tool is edited in place: the span of
its own table is edited as text, then checked with tomli to parse to exactly the intended
values (edit_checks). Only the changed fields' lines and the appended or removed
`[[tools.history]]` tables change; comments, key order, quoting, blank lines and CRLF line
endings keep their exact bytes. A field the table did not have goes after its last key, a
field no longer set loses its line. Layouts the splice cannot handle go to tomlkit
(tomlkit_edit), verified the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from mlseg_tui.catalog.history import read_history
from mlseg_tui.domain.changes import Change
from mlseg_tui.domain.criteria import Metric
from mlseg_tui.domain.tool_values import CRITERIA, STRING_FIELDS, ToolState, default_of
from mlseg_tui.store.criteria_edit import criteria_edits
from mlseg_tui.store.edit_checks import (
    EditError,
    WrongTable,
    common_prefix,
    single_tool_table,
    verify,
)
from mlseg_tui.store.toml_scan import VALUE_TAIL, Record, ScanError, scan, value_end
from mlseg_tui.store.toml_values import render_history_table, style_of, value_text
from mlseg_tui.store.tomlkit_edit import edit_tables
from mlseg_tui.store.value_texts import ValueTexts

_HISTORY_KEYS = ("tools", "history")
# Kept even when false: the bundled files say it of every tool.
_KEPT_WHEN_FALSE = frozenset({"tentative"})


def _key_pattern(key: str) -> re.Pattern[str]:
    return re.compile(rf"""[ \t]*(?:{key}|"{key}"|'{key}')[ \t]*=[ \t]*""")


def tool_span_end(records: list[Record]) -> int:
    """Index of the first record past the tool's own table and its `[tools.*]` subtables."""
    for index, record in enumerate(records[1:], start=1):
        if record.kind == "header" and (record.keys[0] != "tools" or len(record.keys) == 1):
            return index
    return len(records)


def content_end(records: Iterable[Record]) -> int:
    """Just past the last record that is not a blank or comment line."""
    end = 0
    for record in records:
        if record.kind != "trivia":
            end = record.end
    return end


def wanted_state(change: Change) -> ToolState:
    if change.current is None or change.saved is None:
        raise EditError("only a tool on disk and still in the catalog can be edited")
    return change.current


def edit_tool_text(
    text: str, change: Change, texts: ValueTexts | None = None, metric: Metric | None = None
) -> str:
    """`text`, one `[[tools]]` table with its subtables (and maybe what follows them),
    rewritten to hold the change's new values of its changed fields and its history.

    `texts` remembers how replaced values were written, and gives a value that comes back
    its old text; `metric` says which answers of the criteria are arrays. Raises EditError
    when the text cannot be edited safely, WrongTable when it holds another tool.
    """
    wanted = wanted_state(change)
    saved_name = change.saved.values.name if change.saved is not None else ""
    try:
        records = scan(text)
    except ScanError:
        records = []
    if records and records[0].kind == "header" and records[0].keys == ("tools",):
        own = tool_span_end(records)
        span_end = records[own].start if own < len(records) else len(text)
        records = records[:own]
    else:
        span_end = len(text)
        records = []
    span, rest = text[:span_end], text[span_end:]
    try:
        old_table = single_tool_table(span)
    except EditError as error:  # a span cut in the wrong place: the layout was misread
        raise WrongTable(str(error)) from None
    if old_table.get("name") != saved_name:
        raise WrongTable(f"found {old_table.get('name')!r} where {saved_name!r} was expected")
    changed = change.changed_fields()
    new_span = None
    if records:
        try:
            place = (change.tool.source.path, saved_name)
            new_span = _splice_edit(span, records, old_table, wanted, changed, place, texts, metric)
            verify(new_span, old_table, wanted, changed)
        except EditError:
            new_span = None
    if new_span is None:
        new_span = edit_tables(span, [(wanted, changed, 0)], metric=metric)
        verify(new_span, old_table, wanted, changed)
    return new_span + rest


def newline_of(text: str) -> str:
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def _splice_edit(
    span: str,
    records: list[Record],
    old_table: dict[str, Any],
    wanted: ToolState,
    changed: Sequence[str],
    place: tuple[Any, str],
    texts: ValueTexts | None,
    metric: Metric | None,
) -> str:
    newline = newline_of(span)
    edits: list[tuple[int, int, str]] = []  # start, end, replacement
    first_subtable = next(
        (i for i, r in enumerate(records[1:], start=1) if r.kind == "header"), len(records)
    )
    top = records[1:first_subtable]
    added: list[str] = []
    for field in changed:
        if field == CRITERIA:
            edits += criteria_edits(
                span, records, old_table, wanted.values.criteria, newline, metric
            )
            continue
        value = wanted.values.get(field)
        drop = value == default_of(field) and field not in _KEPT_WHEN_FALSE
        found = _statement(span, top, field)
        if found is None:
            if not drop:
                added.append(f"{field} = {value_text(field, value, newline)}{newline}")
            continue
        record, start, end = found
        if drop:
            edits.append((record.start, record.end, ""))
            continue
        old_text = span[start:end]
        style = style_of(old_text) if field in STRING_FIELDS else "auto"
        rendered = value_text(field, value, newline, style)
        if texts is not None:
            # Remember how the old value was written, so undoing the edit restores its bytes.
            key = (*place, field, newline)
            texts.remember((*key, _hashable(old_table.get(field))), old_text)
            remembered = texts.recall((*key, _hashable(value)))
            if remembered is not None:
                rendered = remembered
        edits.append((start, end, rendered))
    if added:
        at = content_end(top) or records[0].end
        text = "".join(added)
        edits.append((at, at, text if span[:at].endswith("\n") else newline + text))
    edits += _history_edits(span, records, old_table, wanted, newline)
    # Right to left, so earlier offsets stay valid; at one offset a removal first, and
    # insertions in the order listed (new fields before new history tables).
    order = sorted(range(len(edits)), key=lambda i: (edits[i][0], edits[i][1], i), reverse=True)
    for start, end, replacement in (edits[i] for i in order):
        span = span[:start] + replacement + span[end:]
    return span


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _history_edits(
    span: str,
    records: list[Record],
    old_table: dict[str, Any],
    wanted: ToolState,
    newline: str,
) -> list[tuple[int, int, str]]:
    """The removals of history tables the tool no longer has, and the new ones appended."""
    old_history = read_history(old_table.get("history", []))
    if old_history is None:
        raise EditError("the tool's history is not a list of valid entries")
    keep = common_prefix(old_history, wanted.history)
    history_headers = [
        i for i, r in enumerate(records) if r.kind == "header" and r.keys[:2] == _HISTORY_KEYS
    ]
    if len(history_headers) != len(old_history) or any(
        records[i].keys != _HISTORY_KEYS or not records[i].is_array for i in history_headers
    ):
        raise EditError("history is not written as plain [[tools.history]] tables")
    edits: list[tuple[int, int, str]] = []
    removed: list[tuple[int, int]] = []
    for number in range(keep, len(old_history)):
        first = history_headers[number]
        last = next(
            (i for i in range(first + 1, len(records)) if records[i].kind == "header"),
            len(records),
        )
        start = records[first].start
        if first > 0 and records[first - 1].kind == "trivia" and records[first - 1].blank:
            start = records[first - 1].start  # the blank line a save puts before a table
        end = content_end(records[first:last])
        removed.append((start, end))
        edits.append((start, end, ""))
    new_entries = wanted.history[keep:]
    if new_entries:
        kept = [r for r in records if not any(s <= r.start < e for s, e in removed)]
        at = content_end(kept)
        text = "".join(render_history_table(entry, newline) for entry in new_entries)
        if not span[:at].endswith("\n"):
            text = newline + text
        edits.append((at, at, text))
    return edits


def _statement(span: str, records: Iterable[Record], field: str) -> tuple[Record, int, int] | None:
    """The statement setting `field` in the tool's own table, with its value's offsets;
    None when the table does not set it. EditError for a value the splice cannot follow."""
    pattern = _key_pattern(field)
    for record in records:
        if record.kind != "statement":
            continue
        assignment = pattern.match(span, record.start, record.end)
        if assignment is None:
            continue
        end = value_end(span, assignment.end(), record.end)
        if end is None or not VALUE_TAIL.fullmatch(span, end, record.end):
            raise EditError(f"`{field}` is not written as one plain value")
        return record, assignment.end(), end
    return None
