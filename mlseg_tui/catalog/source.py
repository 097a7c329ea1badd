"""A catalog file's text: read, decoded, parsed as TOML, and its problems put on lines.

Problems are found on parsed tables, which know nothing of lines; `SourceText` maps a
table back to its place. It indexes the file's tool headers once, at its first problem,
and scans a tool's table at most twice, so the lines of all the problems of a file cost
a few passes over it however many there are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mlseg_tui.catalog.digest import file_hash
from mlseg_tui.catalog.files import read_regular
from mlseg_tui.domain.model import Problem

UTF8_BOM = b"\xef\xbb\xbf"

# A `[[tools]]` header at the start of a line. Used only to point problems at a line,
# so a look-alike inside a multi-line string can at worst misplace a line number.
TOOL_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*tools[ \t]*\]\]", re.MULTILINE)
# The key a line sets (`key = ...` or `"key" = ...`): a bare key or a double-quoted one.
_LINE_KEY = re.compile(r'^[^\S\n]*(?:"([^"\n]*)"|([^\s="]+))[^\S\n]*=', re.MULTILINE)


def header_lines(pattern: re.Pattern[str], text: str) -> tuple[list[int], list[int]]:
    """The offsets and line numbers of `pattern`'s matches in `text`, in one pass."""
    offsets: list[int] = []
    lines: list[int] = []
    line, counted = 1, 0
    for match in pattern.finditer(text):
        start = match.start()
        line += text.count("\n", counted, start)
        counted = start
        offsets.append(start)
        lines.append(line)
    return offsets, lines


@dataclass
class SourceText:
    """A file's decoded text, with helpers to turn table positions into line numbers."""

    path: Path
    text: str
    digest: str = ""
    # What the questions so far found out; nothing until the first.
    _lines: _ToolLines | None = field(default=None, repr=False, compare=False)

    def _tool_lines(self) -> _ToolLines:
        if self._lines is None:
            self._lines = _ToolLines(self.text)
        return self._lines

    def tool_line(self, index: int) -> int:
        """Line of the `index`-th `[[tools]]` header, or 1 when it cannot be found."""
        return self._tool_lines().header_line(index)

    def key_line(self, index: int, key: str) -> int:
        """Line where `key = ...` is first set inside the `index`-th tool, else its header."""
        return self._tool_lines().key_line(index, key)

    def tool_span(self, index: int) -> tuple[int, int, int]:
        """Where the `index`-th tool's table starts and ends in the text, and its line."""
        return self._tool_lines().table(index)

    def position(self, offset: int) -> tuple[int, int]:
        """The line and column (both from 1) of the character at `offset`."""
        line_start = self.text.rfind("\n", 0, offset) + 1
        return self.text.count("\n", 0, offset) + 1, offset - line_start + 1


class _ToolLines:
    """The lines of a file's `[[tools]]` headers, found in one pass, and of the keys set in
    each tool's table (from its header to the next), found in at most one more pass over
    the table.

    Problems come a tool at a time. The first question about a tool looks for its one key;
    a second indexes every key of the tool at once, so a tool of many problems is not
    scanned once for each.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.offsets, self.lines = header_lines(TOOL_HEADER, text)
        # A tool whose header is not found is looked for from the top of the file to the
        # first header past line 1.
        later = (offset for offset, line in zip(self.offsets, self.lines, strict=True) if line > 1)
        self.top_end = next(later, len(text))
        self.asked: int | None = None  # the tool of the last question
        self.keys: dict[str, int] | None = None  # key -> line, of the tool asked twice

    def header_line(self, index: int) -> int:
        return self.lines[index] if index < len(self.lines) else 1

    def key_line(self, index: int, key: str) -> int:
        start, end, first_line = self.table(index)
        if self.asked != index:
            self.asked = index
            self.keys = None
            found = _key_pattern(key).search(self.text, start, end)
            if found is None:
                return first_line
            return first_line + self.text.count("\n", start, found.start())
        if self.keys is None:
            self.keys = self._keys(start, end, first_line)
        return self.keys.get(key, first_line)

    def table(self, index: int) -> tuple[int, int, int]:
        """Where the `index`-th tool's table starts and ends, and its first line."""
        offsets = self.offsets
        if index >= len(offsets):
            return 0, self.top_end, 1
        end = offsets[index + 1] if index + 1 < len(offsets) else len(self.text)
        return offsets[index], end, self.lines[index]

    def _keys(self, start: int, end: int, first_line: int) -> dict[str, int]:
        """The first line of each key set between `start` and `end`."""
        keys: dict[str, int] = {}
        text = self.text
        line, counted = first_line, start
        for found in _LINE_KEY.finditer(text, start, end):
            at = found.start()
            line += text.count("\n", counted, at)
            counted = at
            quoted, bare = found.groups()
            keys.setdefault(bare if quoted is None else quoted, line)
        return keys


def _key_pattern(key: str) -> re.Pattern[str]:
    """A line that sets `key`, bare or double-quoted (`_LINE_KEY` for one key)."""
    name = re.escape(key)
    return re.compile(rf'^[^\S\n]*(?:{name}|"{name}")[^\S\n]*=', re.MULTILINE)


def read_bytes(path: Path, problems: list[Problem]) -> bytes | None:
    """The file's bytes (a regular file of a sane size only), or None with the reason."""
    try:
        return read_regular(path)
    except OSError as error:
        reason = error.strerror or str(error)
        problems.append(Problem(path, 1, 1, f"cannot read file: {reason}"))
        return None


def read_text(path: Path, problems: list[Problem]) -> SourceText | None:
    """Read a file as UTF-8 text, reporting why not when it cannot be."""
    data = read_bytes(path, problems)
    return None if data is None else decode_text(path, data, problems)


def decode_text(path: Path, data: bytes, problems: list[Problem]) -> SourceText | None:
    """`data` as UTF-8 text (a byte-order mark dropped with a warning), or None if it is not."""
    digest = file_hash(data)
    if data.startswith(UTF8_BOM):
        problems.append(Problem(path, 1, 1, "file starts with a UTF-8 byte-order mark", "warning"))
        data = data[len(UTF8_BOM) :]
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _line_column(data, nul)
        problems.append(Problem(path, line, column, "file holds a NUL byte"))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _line_column(data, error.start)
        problems.append(
            Problem(
                path,
                line,
                column,
                f"not UTF-8 text (byte 0x{data[error.start]:02x} cannot be decoded)",
            )
        )
        return None
    return SourceText(path, text, digest)


def _line_column(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1


def parse_toml(source: SourceText, problems: list[Problem]) -> dict[str, Any] | None:
    import tomli  # here, not at the top: a load served by the cache parses nothing

    try:
        return tomli.loads(source.text)
    except tomli.TOMLDecodeError as error:
        line = getattr(error, "lineno", 1) or 1
        column = getattr(error, "colno", 1) or 1
        message = getattr(error, "msg", str(error))
        hint = " (an unresolved git merge conflict?)" if "<<<<<<<" in source.text else ""
        problems.append(Problem(source.path, line, column, f"malformed TOML: {message}{hint}"))
        return None
    except RecursionError:  # tomli refuses arrays or inline tables nested 400 deep this way
        problems.append(Problem(source.path, 1, 1, "malformed TOML: nested too deeply"))
        return None
    except ValueError as error:  # an integer of more than 4300 digits, for one
        problems.append(Problem(source.path, 1, 1, f"malformed TOML: {error}"))
        return None
