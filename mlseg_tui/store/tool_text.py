"""The TOML text of tool files: finding `[[tools]]` tables, rendering values, editing one tool.

Pure text (or bytes) in, text out; no file I/O here, `storage` owns every byte on disk.
Parsing a whole 10k-tool file with tomlkit takes seconds, so a tool is edited in place:
find the byte span of its own `[[tools]]` table, edit that span as text, check with tomli
that it now parses to exactly the intended values (and nothing else changed). Only the
changed values (`segment`, `reasoning`) and the appended or removed `[[tools.history]]`
tables change; comments, key order, quoting, blank lines and CRLF line endings keep their
exact bytes. Odd layouts the text edit cannot handle (an inline `history = [...]`, a
`tools = [...]` array) fall back to tomlkit, verified the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomli
import tomlkit
from tomlkit.items import AoT, InlineTable

from mlseg_tui.catalog.history import history_date
from mlseg_tui.domain.model import HistoryEntry, Tool


class EditError(Exception):
    """A tool's table could not be edited safely; the file is left alone."""


class _WrongTable(EditError):
    """The span found for a tool holds another tool (the layout was misread)."""


class ScanError(Exception):
    """The text is not TOML this scanner can follow (the parser would say more)."""


# ---------------------------------------------------------------------------- scanning
#
# A line scanner that knows enough TOML to tell table headers from look-alike lines
# inside multi-line strings and arrays. It runs on one tool's span (a few hundred bytes),
# or on a whole file only when the quick header search cannot be trusted.

_KEY = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_HEADER = re.compile(
    rf"[ \t]*(\[\[?)[ \t]*({_KEY}(?:[ \t]*\.[ \t]*{_KEY})*)[ \t]*(\]\]?)"
    r"[ \t]*(?:#[^\n]*)?(?:\r?\n|\Z)"
)
_KEY_PART = re.compile(_KEY)
_TRIVIA = re.compile(r"[ \t]*(#[^\n]*)?(?:\r?\n|\Z)")
_BRACKET_START = re.compile(r"[ \t]*\[")
_TOKEN = re.compile(r"\"\"\"|'''|[\"'#\[\]{}\n]")
_ML_BASIC = re.compile(r'"""(?:[^"\\]|\\[\s\S]|"{1,2}(?!"))*"{3,5}')
_ML_LITERAL = re.compile(r"'''(?:[^']|'{1,2}(?!'))*'{3,5}")
_BASIC = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_LITERAL = re.compile(r"'[^'\n]*'")
_STRINGS = {'"""': _ML_BASIC, "'''": _ML_LITERAL, '"': _BASIC, "'": _LITERAL}
_STRING_VALUE = re.compile(
    "|".join(f"(?:{p.pattern})" for p in (_ML_BASIC, _ML_LITERAL, _BASIC, _LITERAL))
)
_VALUE_TAIL = re.compile(r"[ \t]*(?:#[^\n]*)?(?:\r?\n|\Z)")


@dataclass(frozen=True, slots=True)
class Record:
    """One logical line: a table header, a key/value statement, or a blank/comment line."""

    kind: str  # "header", "statement" or "trivia"
    start: int
    end: int  # just past its (last) newline
    keys: tuple[str, ...] = ()  # a header's dotted key
    is_array: bool = False  # a header of the [[array]] form
    blank: bool = False  # trivia that holds no comment


def _key_path(raw: str) -> tuple[str, ...]:
    keys = []
    for part in _KEY_PART.findall(raw):
        if part.startswith("'"):
            keys.append(part[1:-1])
        elif part.startswith('"'):
            keys.append(next(iter(tomli.loads(f"{part} = 0"))))
        else:
            keys.append(part)
    return tuple(keys)


def scan(text: str, start: int = 0, end: int | None = None) -> list[Record]:
    """The records of `text[start:end]`, which must begin outside any string or value."""
    end = len(text) if end is None else end
    records: list[Record] = []
    pos = start
    while pos < end:
        header = _HEADER.match(text, pos, end)
        if header and len(header.group(1)) == len(header.group(3)):
            keys = _key_path(header.group(2))
            records.append(Record("header", pos, header.end(), keys, len(header.group(1)) == 2))
            pos = header.end()
            continue
        trivia = _TRIVIA.match(text, pos, end)
        if trivia and trivia.end() > pos:
            records.append(Record("trivia", pos, trivia.end(), blank=trivia.group(1) is None))
            pos = trivia.end()
            continue
        if _BRACKET_START.match(text, pos, end):
            raise ScanError(f"unreadable table header at offset {pos}")
        statement_end = _statement_end(text, pos, end)
        records.append(Record("statement", pos, statement_end))
        pos = statement_end
    return records


def _statement_end(text: str, pos: int, end: int) -> int:
    """Just past the newline that ends the key/value statement starting at `pos`."""
    depth = 0
    while True:
        token = _TOKEN.search(text, pos, end)
        if token is None:
            if depth:
                raise ScanError("unclosed array or inline table")
            return end
        kind = token.group()
        if kind == "\n":
            pos = token.end()
            if depth == 0:
                return pos
        elif kind == "#":
            newline = text.find("\n", token.end(), end)
            pos = end if newline < 0 else newline
        elif kind in _STRINGS:
            string = _STRINGS[kind].match(text, token.start(), end)
            if string is None:
                raise ScanError(f"unclosed string at offset {token.start()}")
            pos = string.end()
        else:
            depth += 1 if kind in "[{" else -1
            if depth < 0:
                raise ScanError(f"unbalanced bracket at offset {token.start()}")
            pos = token.end()


# ---------------------------------------------------------------------------- rendering

# Characters written as escapes: TOML's forbidden controls, plus C1 controls, bidi
# overrides, line separators and the BOM, which would hide or reorder text in a diff.
_ESCAPED_CHARS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
_SHORT_ESCAPES = {"\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}
# Long single-line values are wrapped with line-ending backslashes, as the catalog is.
WRAP_WIDTH = 78
SINGLE_LINE_LIMIT = 100


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    return _SHORT_ESCAPES.get(char) or f"\\u{ord(char):04x}"


def basic_string(value: str) -> str:
    """`value` as a one-line TOML basic string."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + _ESCAPED_CHARS.sub(_escape_char, escaped) + '"'


def _literal_ok(value: str) -> bool:
    return "'" not in value and not _ESCAPED_CHARS.search(value)


def _escape_multiline(value: str, newline: str) -> str:
    """The body of a multi-line basic string holding `value`, newlines kept as lines."""
    escaped = value.replace("\\", "\\\\")
    # A quote needs escaping only where it would start `"""` or touch the closing one.
    escaped = re.sub(r'"(?="|$)', '\\\\"', escaped)
    lines = [_ESCAPED_CHARS.sub(_escape_char, line) for line in escaped.split("\n")]
    return newline.join(lines)


def _wrapped(value: str, newline: str) -> str | None:
    """`value` (no newlines) as `\"\"\"\\` plus lines joined by line-ending backslashes.

    None when the value cannot be written that way: a line-ending backslash swallows
    the whitespace that follows it, so the value must not start with whitespace.
    """
    if not value or value[0] in " \t":
        return None
    escaped = _escape_multiline(value, newline)
    # Break only after a space that is followed by a visible character.
    words = re.split(r"(?<= )(?=[^ ])", escaped)
    lines: list[str] = []
    line = ""
    for word in words:
        if line and len(line) + len(word) > WRAP_WIDTH:
            lines.append(line)
            line = word
        else:
            line += word
    lines.append(line)
    return '"""\\' + newline + ("\\" + newline).join(lines) + '"""'


def toml_text(value: str, key: str, newline: str, style: str = "auto") -> str:
    """`value` as a TOML string for `key = ...`, in `style` where the value allows it.

    style: "basic", "literal", "ml_basic", "ml_literal" (the style of the value being
    replaced), or "auto" for a new value: one line when short, wrapped when long, and
    a multi-line string when it holds newlines.
    """
    has_newline = "\n" in value
    if style == "literal" and not has_newline and _literal_ok(value):
        return f"'{value}'"
    if style == "ml_literal" and _literal_ok(value.replace("\n", "")) and value[-1:] != "'":
        return "'''" + newline + value.replace("\n", newline) + "'''"
    if has_newline:
        return '"""' + newline + _escape_multiline(value, newline) + '"""'
    single = basic_string(value)
    if style in ("basic", "literal"):
        return single
    if style == "auto" and len(key) + 3 + len(single) <= SINGLE_LINE_LIMIT:
        return single
    return _wrapped(value, newline) or single


def _style_of(token: str) -> str:
    if token.startswith('"""'):
        return "ml_basic"
    if token.startswith("'''"):
        return "ml_literal"
    return "literal" if token.startswith("'") else "basic"


def render_history_table(entry: HistoryEntry, newline: str) -> str:
    """A `[[tools.history]]` table for `entry`, preceded by a blank line."""
    lines = [
        "[[tools.history]]",
        f"date = {entry.date.isoformat()}",
        f"from = {basic_string(entry.from_segment)}",
        f"to = {basic_string(entry.to_segment)}",
        f"reason = {toml_text(entry.reason, 'reason', newline)}",
    ]
    if entry.previous_reasoning:
        text = toml_text(entry.previous_reasoning, "previous_reasoning", newline)
        lines.append(f"previous_reasoning = {text}")
    return newline + newline.join(lines) + newline


# ---------------------------------------------------------------------------- history


def history_entries(raw: Any) -> tuple[HistoryEntry, ...] | None:
    """History entries from parsed `history` tables, read as the loader reads them."""
    if not isinstance(raw, list):
        return None
    entries = []
    for table in raw:
        if not isinstance(table, dict):
            return None
        date = history_date(table.get("date"))
        if date is None:
            return None
        texts = [table.get(key, "") for key in ("from", "to", "reason", "previous_reasoning")]
        if not all(isinstance(text, str) for text in texts):
            return None
        entries.append(HistoryEntry(date, *texts))
    return tuple(entries)


def _common_prefix(old: Sequence[HistoryEntry], new: Sequence[HistoryEntry]) -> int:
    count = 0
    for a, b in zip(old, new, strict=False):
        if a != b:
            break
        count += 1
    return count


# ---------------------------------------------------------------------------- one tool


def _key_pattern(key: str) -> re.Pattern[str]:
    return re.compile(rf"""[ \t]*(?:{key}|"{key}"|'{key}')[ \t]*=[ \t]*""")


_VALUE_KEYS = {key: _key_pattern(key) for key in ("segment", "reasoning")}
# (file, tool name, key, newline, value) -> the exact text the file held for that value
# before a save replaced it. Reused when the value comes back (an undone move), so the
# bytes do too.
_written_values: dict[tuple[Path, str, str, str, Any], str] = {}
# Oldest entries go beyond this many: a long session of saves must not grow without end.
WRITTEN_VALUES_KEPT = 10_000
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


def edit_tool_text(text: str, tool: Tool) -> str:
    """`text`, one `[[tools]]` table with its subtables (and maybe what follows them),
    rewritten so that it holds `tool`'s segment, reasoning and history.

    Only the changed values and history tables change. Raises EditError when the text
    cannot be edited safely, _WrongTable when it holds another tool.
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
        old_table = _single_tool_table(span)
    except EditError as error:  # a span cut in the wrong place: the layout was misread
        raise _WrongTable(str(error)) from None
    if old_table.get("name") != tool.name:
        raise _WrongTable(f"found {old_table.get('name')!r} where {tool.name!r} was expected")
    new_span = None
    if records:
        try:
            new_span = _splice_edit(span, records, old_table, tool)
            _verify(new_span, old_table, tool)
        except EditError:
            new_span = None
    if new_span is None:
        new_span = _tomlkit_edit(span, [(tool, 0)])
        _verify(new_span, old_table, tool)
    return new_span + rest


def _single_tool_table(span: str) -> dict[str, Any]:
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


def _newline_of(text: str) -> str:
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def _splice_edit(span: str, records: list[Record], old_table: dict[str, Any], tool: Tool) -> str:
    newline = _newline_of(span)
    edits: list[tuple[int, int, str]] = []  # start, end, replacement
    first_subtable = next(
        (i for i, r in enumerate(records[1:], start=1) if r.kind == "header"), len(records)
    )
    for key, value in (("segment", tool.segment), ("reasoning", tool.reasoning)):
        if old_table.get(key) == value:
            continue
        edit = _value_edit(span, records[1:first_subtable], key, value, newline)
        start, end, rendered = edit
        # Remember how the old value was written, so undoing a move restores its bytes.
        place = (tool.source.path, tool.name, key, newline)
        _written_values[(*place, old_table.get(key))] = span[start:end]
        while len(_written_values) > WRITTEN_VALUES_KEPT:
            del _written_values[next(iter(_written_values))]
        rendered = _written_values.get((*place, value), rendered)
        edits.append((start, end, rendered))

    old_history = history_entries(old_table.get("history", []))
    if old_history is None:
        raise EditError("the tool's history is not a list of valid entries")
    keep = _common_prefix(old_history, tool.history)
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
        token = _STRING_VALUE.match(span, assignment.end(), record.end)
        if token is None or not _VALUE_TAIL.fullmatch(span, token.end(), record.end):
            raise EditError(f"`{key}` is not a plain string value")
        rendered = toml_text(value, key, newline, _style_of(token.group()))
        return token.start(), token.end(), rendered
    raise EditError(f"no `{key} = ...` line in the tool's table")


def _verify(new_text: str, old_table: dict[str, Any], tool: Tool) -> None:
    """The edited table parses to the tool's values, and nothing else changed."""
    new_table = _single_tool_table(new_text)
    _check_table(new_table, old_table, tool)


def _check_table(new_table: dict[str, Any], old_table: dict[str, Any], tool: Tool) -> None:
    if new_table.get("segment") != tool.segment or new_table.get("reasoning") != tool.reasoning:
        raise EditError("the edited table does not hold the new segment and reasoning")
    if history_entries(new_table.get("history", [])) != tool.history:
        raise EditError("the edited table does not hold the new history")
    old_history = old_table.get("history", [])
    keep = _common_prefix(history_entries(old_history) or (), tool.history)
    if new_table.get("history", [])[:keep] != old_history[:keep]:
        raise EditError("the edit changed a kept history entry")
    changed = {"segment", "reasoning", "history"}
    if {k: v for k, v in new_table.items() if k not in changed} != {
        k: v for k, v in old_table.items() if k not in changed
    }:
        raise EditError("the edit changed another field of the tool")


def _tomlkit_edit(text: str, targets: list[tuple[Tool, int]]) -> str:
    """`text` with each (tool, index) applied to its `tools[index]` table, via tomlkit.

    The fallback for layouts the text splice does not handle; slower, and tomlkit may
    move comments next to a removed history table.
    """
    try:
        document = tomlkit.parse(text)
        tables = document["tools"]
        for tool, index in targets:
            _tomlkit_apply(tables[index], tool)
        new_text = document.as_string()
    except EditError:
        raise
    except Exception as error:  # tomlkit raises many kinds; any means "cannot edit"
        raise EditError(f"cannot edit with tomlkit: {error}") from None
    # tomlkit ends the lines it adds with "\n": keep a CRLF-only text CRLF-only. (TOML
    # reads CRLF and LF alike, even inside multi-line strings; _verify checks the values.)
    if "\r\n" in text and not _BARE_LF.search(text):
        new_text = _BARE_LF.sub("\r\n", new_text)
    return new_text


_BARE_LF = re.compile(r"(?<!\r)\n")


def _tomlkit_apply(table: Any, tool: Tool) -> None:
    if table.get("segment") != tool.segment:
        table["segment"] = tool.segment
    if table.get("reasoning") != tool.reasoning:
        table["reasoning"] = tool.reasoning
    history = table.get("history")
    old = history_entries(history.unwrap() if history is not None else [])
    if old is None:
        raise EditError("the tool's history is not a list of valid entries")
    keep = _common_prefix(old, tool.history)
    if history is not None and keep == 0 and len(old) > 0:
        del table["history"]
        history = None
    elif history is not None:
        for index in range(len(old) - 1, keep - 1, -1):
            del history[index]
    for entry in tool.history[keep:]:
        if history is None:
            # An inline tool table (`tools = [{...}]`) can only hold an inline array.
            table["history"] = tomlkit.array() if isinstance(table, InlineTable) else tomlkit.aot()
            history = table["history"]
        item = tomlkit.table() if isinstance(history, AoT) else tomlkit.inline_table()
        item["date"] = entry.date
        item["from"] = entry.from_segment
        item["to"] = entry.to_segment
        item["reason"] = entry.reason
        if entry.previous_reasoning:
            item["previous_reasoning"] = entry.previous_reasoning
        history.append(item)


# ---------------------------------------------------------------------------- one file

# The quick search for `[[tools]]` headers: a literal search, then a check that the
# match starts its line. Lines inside multi-line strings can look the same, so a caller
# whose count disagrees with the number of tools the loader found uses careful_offsets.
_QUICK_TOOLS = re.compile(rb"""\[\[[ \t]*(?:tools|"tools"|'tools')[ \t]*\]\]""")
_QUICK_TAIL = re.compile(rb"[ \t]*(?:#[^\n]*)?(?:\r?\n|\Z)")


def quick_offsets(body: bytes) -> list[int]:
    """Byte offsets of the lines that look like `[[tools]]` headers; fast, not always right."""
    offsets = []
    for match in _QUICK_TOOLS.finditer(body):
        line_start = body.rfind(b"\n", 0, match.start()) + 1
        if body[line_start : match.start()].strip(b" \t"):
            continue
        if _QUICK_TAIL.match(body, match.end()):
            offsets.append(line_start)
    return offsets


def careful_offsets(body: bytes) -> list[int]:
    """Byte offsets of the real `[[tools]]` headers, found by scanning every line."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise EditError("the file is not UTF-8 text") from error
    char_offsets = [
        r.start for r in scan(text) if r.kind == "header" and r.keys == ("tools",) and r.is_array
    ]
    offsets = []
    done_chars = done_bytes = 0
    for offset in char_offsets:
        done_bytes += len(text[done_chars:offset].encode("utf-8"))
        done_chars = offset
        offsets.append(done_bytes)
    return offsets


def tool_replacements(
    body: bytes, offsets: list[int], tools: list[Tool], indexes: dict[str, int] | None = None
) -> list[tuple[int, int, bytes]] | None:
    """Each tool's replacement, in file order; None when a tool is not where expected.

    `indexes`: where to look for each tool by name, instead of its loaded position.
    """
    replacements = []
    try:
        for tool in tools:
            index = tool.source.index if indexes is None else indexes.get(tool.name, -1)
            replacements.append(_edit_at(body, offsets, tool, index))
    except _WrongTable:
        return None
    replacements.sort()
    if len({start for start, _, _ in replacements}) != len(replacements):
        raise EditError("two tools were found at the same place in the file")
    return replacements


def _edit_at(body: bytes, offsets: list[int], tool: Tool, index: int) -> tuple[int, int, bytes]:
    if not 0 <= index < len(offsets):
        raise _WrongTable(f"the file holds no tool number {index + 1}")
    start = offsets[index]
    end = offsets[index + 1] if index + 1 < len(offsets) else len(body)
    try:
        text = body[start:end].decode("utf-8")
    except UnicodeDecodeError as error:
        raise EditError("the tool's table is not UTF-8 text") from error
    try:
        return start, end, edit_tool_text(text, tool).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no TOML escape can hold it
        raise EditError(f"{tool.name!r} holds text that cannot be written as UTF-8") from None


def indexes_by_name(body: bytes) -> dict[str, int]:
    """Each tool's position in the file, by name (parsing the whole file: slow, rare)."""
    try:
        tables = tomli.loads(body.decode("utf-8")).get("tools", [])
    except (UnicodeDecodeError, tomli.TOMLDecodeError) as error:
        raise EditError(f"the file does not parse: {error}") from None
    if not isinstance(tables, list):
        return {}
    names = (table.get("name") if isinstance(table, dict) else None for table in tables)
    return {name: index for index, name in enumerate(names) if isinstance(name, str)}


def edit_whole_file(body: bytes, tools: list[Tool], by_name: bool) -> tuple[int, int, bytes]:
    """Edit a file whose layout the scanner cannot follow, with tomlkit on the whole text."""
    try:
        text = body.decode("utf-8")
        old = tomli.loads(text)
    except (UnicodeDecodeError, tomli.TOMLDecodeError) as error:
        raise EditError(f"the file does not parse: {error}") from None
    old_tables = old.get("tools")
    if not isinstance(old_tables, list):
        raise EditError("the file holds no tools array")
    targets = []
    for tool in tools:
        index = tool.source.index
        fits = index < len(old_tables) and isinstance(old_tables[index], dict)
        if not fits or old_tables[index].get("name") != tool.name:
            if not by_name:
                raise EditError(f"{tool.name!r} is not where it was loaded")
            index = indexes_by_name(body).get(tool.name, -1)
            if index < 0:
                raise EditError(f"{tool.name!r} is no longer in the file")
        targets.append((tool, index))
    new_text = _tomlkit_edit(text, targets)
    try:
        new_tables = tomli.loads(new_text).get("tools")
    except tomli.TOMLDecodeError as error:  # tomlkit wrote something TOML does not allow
        raise EditError(f"the edit does not parse: {error}") from None
    if not isinstance(new_tables, list) or len(new_tables) != len(old_tables):
        raise EditError("the edit changed the number of tools")
    edited = {index: tool for tool, index in targets}
    for index, (old_table, new_table) in enumerate(zip(old_tables, new_tables, strict=True)):
        if index in edited:
            _check_table(new_table, old_table, edited[index])
        elif new_table != old_table:
            raise EditError("the edit changed another tool")
    return 0, len(body), new_text.encode("utf-8")
