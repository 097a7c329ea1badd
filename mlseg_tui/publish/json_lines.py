"""Where each element of a JSON array starts, so that a problem with one radar entry can
name its line. Run only on text that `json.loads` already accepted."""

from __future__ import annotations

import json

_DECODER = json.JSONDecoder()
_SPACE = " \t\n\r"


def _skip(text: str, index: int) -> int:
    while index < len(text) and text[index] in _SPACE:
        index += 1
    return index


def _element_starts(text: str, index: int) -> list[int]:
    """Offsets of the elements of the array that opens at `index`."""
    starts: list[int] = []
    index = _skip(text, index + 1)
    while index < len(text) and text[index] != "]":
        starts.append(index)
        index = _skip(text, _DECODER.raw_decode(text, index)[1])
        if index < len(text) and text[index] == ",":
            index = _skip(text, index + 1)
    return starts


def array_lines(text: str, key: str | None = None) -> list[int]:
    """The 1-based line of each element of the top-level array, or of the array held by
    the top-level object's `key` (its last occurrence, as json.loads keeps the last)."""
    index = _skip(text, 0)
    if key is None:
        starts = _element_starts(text, index) if text[index : index + 1] == "[" else []
    else:
        starts = []
        if text[index : index + 1] != "{":
            return []
        index = _skip(text, index + 1)
        while index < len(text) and text[index] == '"':
            name, index = _DECODER.raw_decode(text, index)
            index = _skip(text, _skip(text, index) + 1)  # past the colon
            if name == key and text[index : index + 1] == "[":
                starts = _element_starts(text, index)
            index = _skip(text, _DECODER.raw_decode(text, index)[1])
            if index < len(text) and text[index] == ",":
                index = _skip(text, index + 1)
    lines, line, last = [], 1, 0
    for start in starts:  # counted incrementally: one pass over the text
        line += text.count("\n", last, start)
        last = start
        lines.append(line)
    return lines
