"""Editing one tool's `[[tools]]` table as text: pure text in, text out.

Parsing a whole big file with tomlkit is slow, so a tool is edited in place: the span of
its own table is edited as text, then checked with tomli to parse to exactly the intended
values (edit_checks). Only the changed values (`segment`, `reasoning`) and the appended
or removed `[[tools.history]]` tables change; comments, key order, quoting, blank lines
and CRLF line endings keep their exact bytes. Layouts the splice cannot handle go to
tomlkit (tomlkit_edit), verified the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from mlseg_tui.catalog.history import read_history
from mlseg_tui.domain.model import Tool
from mlseg_tui.store.edit_checks import (
    EditError,
    WrongTable,
    common_prefix,
    single_tool_table,
    verify,
)
from mlseg_tui.store.toml_scan import STRING_VALUE, VALUE_TAIL, Record, ScanError, scan
from mlseg_tui.store.toml_values import render_history_table, style_of, toml_text
from mlseg_tui.store.tomlkit_edit import edit_tables
from mlseg_tui.store.value_texts import ValueTexts


def _key_pattern(key: str) -> re.Pattern[str]:
    return re.compile(rf"""[ \t]*(?:{key}|"{key}"|'{key}')[ \t]*=[ \t]*""")


_VALUE_KEYS = {key: _key_pattern(key) for key in ("segment", "reasoning")}
_HISTORY_KEYS = ("tools", "history")


def _tool_span_end(records: list[Record]) -> int:
    """Index of the first record past the tool's own table and its `[tools.*]` subtables."""
    for index, record in enumerate(records[1:], start=1):
        if record.kind == "header" and (record.keys[0] != "tools" or len(record.keys) == 1):
            return index
    return len(records)


def _content_end(records: Iterable[Record]) -> int:
    """Just past the last record that is not a blank or comment line."""
    end = 0
    for record in records:
        if record.kind != "trivia":
            end = record.end
    return end


def edit_tool_text(text: str, tool: Tool, texts: ValueTexts | None = None) -> str:
    """`text`, one `[[tools]]` table with its subtables (and maybe what follows them),
    rewritten so that it holds `tool`'s segment, reasoning and history.

    Only the changed values and history tables change. `texts` remembers how replaced
    values were written, and gives a value that comes back its old text. Raises
    EditError when the text cannot be edited safely, WrongTable when it holds another tool.
    """
    try:
        records = scan(text)
    except ScanError:
        records = []
    if records and records[0].kind == "header" and records[0].keys == ("tools",):
        own = _tool_span_end(records)
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
    if old_table.get("name") != tool.name:
        raise WrongTable(f"found {old_table.get('name')!r} where {tool.name!r} was expected")
    new_span = None
    if records:
        try:
            new_span = _splice_edit(span, records, old_table, tool, texts)
            verify(new_span, old_table, tool)
        except EditError:
            new_span = None
    if new_span is None:
        new_span = edit_tables(span, [(tool, 0)])
        verify(new_span, old_table, tool)
    return new_span + rest


def _newline_of(text: str) -> str:
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def _splice_edit(
    span: str,
    records: list[Record],
    old_table: dict[str, Any],
    tool: Tool,
    texts: ValueTexts | None,
) -> str:
    newline = _newline_of(span)
    edits: list[tuple[int, int, str]] = []  # start, end, replacement
    first_subtable = next(
        (i for i, r in enumerate(records[1:], start=1) if r.kind == "header"), len(records)
    )
    for key, value in (("segment", tool.segment), ("reasoning", tool.reasoning)):
        if old_table.get(key) == value:
            continue
        start, end, rendered = _value_edit(span, records[1:first_subtable], key, value, newline)
        if texts is not None:
            # Remember how the old value was written, so undoing a move restores its bytes.
            place = (tool.source.path, tool.name, key, newline)
            texts.remember((*place, old_table.get(key)), span[start:end])
            remembered = texts.recall((*place, value))
            if remembered is not None:
                rendered = remembered
        edits.append((start, end, rendered))

    old_history = read_history(old_table.get("history", []))
    if old_history is None:
        raise EditError("the tool's history is not a list of valid entries")
    keep = common_prefix(old_history, tool.history)
    history_headers = [
        i for i, r in enumerate(records) if r.kind == "header" and r.keys[:2] == _HISTORY_KEYS
    ]
    if len(history_headers) != len(old_history) or any(
        records[i].keys != _HISTORY_KEYS or not records[i].is_array for i in history_headers
    ):
        raise EditError("history is not written as plain [[tools.history]] tables")
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
        end = _content_end(records[first:last])
        removed.append((start, end))
        edits.append((start, end, ""))
    added = tool.history[keep:]
    if added:
        kept = [r for r in records if not any(s <= r.start < e for s, e in removed)]
        at = _content_end(kept)
        text = "".join(render_history_table(entry, newline) for entry in added)
        if not span[:at].endswith("\n"):
            text = newline + text
        edits.append((at, at, text))
    # Right to left, so earlier offsets stay valid; a removal before an insertion
    # at the same offset.
    for start, end, replacement in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        span = span[:start] + replacement + span[end:]
    return span


def _value_edit(
    span: str, records: Iterable[Record], key: str, value: str, newline: str
) -> tuple[int, int, str]:
    pattern = _VALUE_KEYS[key]
    for record in records:
        if record.kind != "statement":
            continue
        assignment = pattern.match(span, record.start, record.end)
        if assignment is None:
            continue
        token = STRING_VALUE.match(span, assignment.end(), record.end)
        if token is None or not VALUE_TAIL.fullmatch(span, token.end(), record.end):
            raise EditError(f"`{key}` is not a plain string value")
        rendered = toml_text(value, key, newline, style_of(token.group()))
        return token.start(), token.end(), rendered
    raise EditError(f"no `{key} = ...` line in the tool's table")
