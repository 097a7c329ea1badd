"""TOML text for the values an edit writes: strings in the style of the value they
replace, arrays of strings, booleans, and `[[tools.history]]` tables."""

from __future__ import annotations

import re
from typing import Any

from mlseg_tui.domain.model import HistoryEntry

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


# A TOML key that needs no quotes.
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def key_text(key: str) -> str:
    """`key` as a TOML key: bare where it may be (as the bundled files write them)."""
    return key if _BARE_KEY.fullmatch(key) else basic_string(key)


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


def style_of(token: str) -> str:
    """The style (as `toml_text` takes it) of a TOML string token."""
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
    if entry.renamed_from:
        lines.append(f"renamed_from = {basic_string(entry.renamed_from)}")
    return newline + newline.join(lines) + newline


def string_array(values: tuple[str, ...] | list[str], key: str, newline: str) -> str:
    """An array of strings: on one line when it fits, else one item a line."""
    items = [basic_string(value) for value in values]
    single = "[" + ", ".join(items) + "]"
    if len(key) + 3 + len(single) <= SINGLE_LINE_LIMIT or not items:
        return single
    return "[" + newline + "".join(f"    {item},{newline}" for item in items) + "]"


def value_text(key: str, value: Any, newline: str, style: str = "auto") -> str:
    """The TOML text of a tool field's `value` (a string in `style`, see toml_text)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (tuple, list)):
        return string_array(value, key, newline)
    return toml_text(value, key, newline, style)
