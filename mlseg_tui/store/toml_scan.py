"""A line scanner that knows enough TOML to tell table headers from look-alike lines
inside multi-line strings and arrays.

It runs on one tool's span (a few hundred bytes), or on a whole file only when the quick
header search (file_edit.quick_offsets) cannot be trusted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import tomli


class ScanError(Exception):
    """The text is not TOML this scanner can follow (the parser would say more)."""


_KEY = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*')"""
_HEADER = re.compile(
    rf"[ \t]*(\[\[?)[ \t]*({_KEY}(?:[ \t]*\.[ \t]*{_KEY})*)[ \t]*(\]\]?)"
    r"[ \t]*(?:#[^\n]*)?(?:\r?\n|\Z)"
)
_KEY_PART = re.compile(_KEY)
_TRIVIA = re.compile(r"[ \t]*(#[^\n]*)?(?:\r?\n|\Z)")
_BRACKET_START = re.compile(r"[ \t]*\[")
_TOKEN = re.compile(r"\"\"\"|'''|[\"'#\[\]{}\n]")
# Possessive (`++`, `*+`): a run of plain characters is taken at once and never given
# back, so a match keeps no backtracking state per character (else a long value costs
# memory many times its size). The loops never need to give back: each stops only where the closing
# quotes begin.
_ML_BASIC = re.compile(r'"""(?:[^"\\]++|\\[\s\S]|"{1,2}(?!"))*+"{3,5}')
_ML_LITERAL = re.compile(r"'''(?:[^']++|'{1,2}(?!'))*+'{3,5}")
_BASIC = re.compile(r'"(?:[^"\\\n]++|\\.)*+"')
_LITERAL = re.compile(r"'[^'\n]*'")
_STRINGS = {'"""': _ML_BASIC, "'''": _ML_LITERAL, '"': _BASIC, "'": _LITERAL}
# A string value of any of the four kinds, and what may follow it on its line.
STRING_VALUE = re.compile(
    "|".join(f"(?:{p.pattern})" for p in (_ML_BASIC, _ML_LITERAL, _BASIC, _LITERAL))
)
VALUE_TAIL = re.compile(r"[ \t]*(?:#[^\n]*)?(?:\r?\n|\Z)")


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


_SCALAR = re.compile(r"[^\s#,\[\]{}]+")


def value_end(text: str, start: int, end: int) -> int | None:
    """Just past the value starting at `text[start]` (a string, an array, an inline table or
    a bare scalar such as `true`), or None when it is not one this scanner can follow."""
    string = STRING_VALUE.match(text, start, end)
    if string is not None:
        return string.end()
    if start < end and text[start] in "[{":
        depth, pos = 0, start
        while True:
            token = _TOKEN.search(text, pos, end)
            if token is None:
                return None
            kind = token.group()
            if kind in _STRINGS:
                quoted = _STRINGS[kind].match(text, token.start(), end)
                if quoted is None:
                    return None
                pos = quoted.end()
            elif kind == "#":
                newline = text.find("\n", token.end(), end)
                pos = end if newline < 0 else newline
            elif kind in "[{":
                depth += 1
                pos = token.end()
            elif kind in "]}":
                depth -= 1
                pos = token.end()
                if depth == 0:
                    return pos
            else:
                pos = token.end()
    scalar = _SCALAR.match(text, start, end)
    return scalar.end() if scalar is not None else None
