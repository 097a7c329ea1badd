"""A catalog file's text: read, decoded, parsed as TOML, and its problems put on lines.

Problems are found on parsed tables, which know nothing of lines; `SourceText` maps a
table back to its place. It indexes the file once, at its first problem, and looks up
the keys of one tool once, so the lines of all the problems of a file cost one pass over
it however many there are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mlseg_tui.catalog.digest import file_hash
from mlseg_tui.domain.model import Problem

UTF8_BOM = b"\xef\xbb\xbf"

# A `[[tools]]` header at the start of a line. Used only to point problems at a line,
# so a look-alike inside a multi-line string can at worst misplace a line number.
TOOL_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*tools[ \t]*\]\]", re.MULTILINE)
# The key a line sets (`key = ...` or `"key" = ...`): a bare key or a double-quoted one.
_LINE_KEY = re.compile(r'\s*(?:"([^"]*)"|([^\s="]+))\s*=')


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
    # The `[[tools]]` headers' offsets and lines, found at the first question.
    _header_offsets: list[int] | None = field(default=None, repr=False, compare=False)
    _header_lines: list[int] = field(default_factory=list, repr=False, compare=False)
    # The line of each key set in the tool last asked about: (its index, key -> line).
    _tool_keys: tuple[int, dict[str, int]] | None = field(default=None, repr=False, compare=False)

    def _headers(self) -> tuple[list[int], list[int]]:
        if self._header_offsets is None:
            self._header_offsets, self._header_lines = header_lines(TOOL_HEADER, self.text)
        return self._header_offsets, self._header_lines

    def tool_line(self, index: int) -> int:
        """Line of the `index`-th `[[tools]]` header, or 1 when it cannot be found."""
        _, lines = self._headers()
        return lines[index] if index < len(lines) else 1

    def key_line(self, index: int, key: str) -> int:
        """Line where `key = ...` is first set inside the `index`-th tool, else its header."""
        if self._tool_keys is None or self._tool_keys[0] != index:
            self._tool_keys = (index, self._keys_of_tool(index))
        return self._tool_keys[1].get(key) or self.tool_line(index)

    def _keys_of_tool(self, index: int) -> dict[str, int]:
        """The first line of each key set from the tool's header to the next header (from
        the top of the file to the first header past line 1, if its header is not found)."""
        offsets, lines = self._headers()
        if index < len(offsets):
            start, first_line = offsets[index], lines[index]
            end = offsets[index + 1] if index + 1 < len(offsets) else len(self.text)
        else:
            start, first_line = 0, 1
            later = [offset for offset, line in zip(offsets, lines, strict=True) if line > 1]
            end = later[0] if later else len(self.text)
        keys: dict[str, int] = {}
        match = _LINE_KEY.match
        for number, line in enumerate(self.text[start:end].split("\n"), first_line):
            found = match(line)
            if found is not None:
                quoted, bare = found.groups()
                keys.setdefault(bare if quoted is None else quoted, number)
        return keys


def read_bytes(path: Path, problems: list[Problem]) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError as error:
        problems.append(Problem(path, 1, 1, f"cannot read file: {error.strerror}"))
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
