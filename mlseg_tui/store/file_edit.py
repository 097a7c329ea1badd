"""Editing the tools of one file's bytes: where the `[[tools]]` headers are, and the
replacements (start, end, new bytes) that save some tools into the file.

Pure bytes in, bytes out: `save` reads and writes the file.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from mlseg_tui.domain.model import Tool
from mlseg_tui.store.edit_checks import EditError, WrongTable
from mlseg_tui.store.toml_scan import ScanError, scan
from mlseg_tui.store.tomlkit_edit import edit_whole_file, indexes_by_name
from mlseg_tui.store.tool_edit import edit_tool_text
from mlseg_tui.store.value_texts import ValueTexts

Replacement = tuple[int, int, bytes]  # start, end, new bytes

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
    body: bytes,
    offsets: list[int],
    tools: list[Tool],
    indexes: dict[str, int] | None = None,
    texts: ValueTexts | None = None,
) -> list[Replacement] | None:
    """Each tool's replacement, in file order; None when a tool is not where expected.

    `indexes`: where to look for each tool by name, instead of its loaded position.
    """
    replacements = []
    try:
        for tool in tools:
            index = tool.source.index if indexes is None else indexes.get(tool.name, -1)
            replacements.append(_edit_at(body, offsets, tool, index, texts))
    except WrongTable:
        return None
    replacements.sort()
    if len({start for start, _, _ in replacements}) != len(replacements):
        raise EditError("two tools were found at the same place in the file")
    return replacements


def _edit_at(
    body: bytes, offsets: list[int], tool: Tool, index: int, texts: ValueTexts | None
) -> Replacement:
    if not 0 <= index < len(offsets):
        raise WrongTable(f"the file holds no tool number {index + 1}")
    start = offsets[index]
    end = offsets[index + 1] if index + 1 < len(offsets) else len(body)
    try:
        text = body[start:end].decode("utf-8")
    except UnicodeDecodeError as error:
        raise EditError("the tool's table is not UTF-8 text") from error
    try:
        return start, end, edit_tool_text(text, tool, texts).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: no TOML escape can hold it
        raise EditError(f"{tool.name!r} holds text that cannot be written as UTF-8") from None


def edit_body(
    body: bytes,
    tools: list[Tool],
    known_offsets: list[int] | None,
    loaded_count: Callable[[int], int],
    by_name: bool,
    texts: ValueTexts | None = None,
) -> tuple[list[Replacement], list[int] | None]:
    """The replacements that save `tools` into `body` (a file's bytes after any BOM), and
    the header offsets of the result when they are known cheaply.

    `known_offsets`: the header offsets of exactly these bytes, when remembered.
    `loaded_count(found)`: how many tools the loader found in the file (`found`, the quick
    search's count, is a likely answer). `by_name`: find each tool by its name when its
    loaded position no longer holds it (the file changed on disk and the caller chose to
    overwrite). Raises EditError when the file cannot be edited safely.
    """
    try:
        careful = False
        if known_offsets is not None:
            offsets = known_offsets
        else:
            offsets = quick_offsets(body)
            if len(offsets) != loaded_count(len(offsets)):
                offsets, careful = careful_offsets(body), True
        replacements = tool_replacements(body, offsets, tools, texts=texts)
        if replacements is None and not careful:
            offsets = careful_offsets(body)
            replacements = tool_replacements(body, offsets, tools, texts=texts)
        if replacements is None and by_name:
            replacements = tool_replacements(body, offsets, tools, indexes_by_name(body), texts)
    except ScanError:
        replacements = None
    if replacements is None:
        # No `[[tools]]` headers to follow (say, a `tools = [...]` array): use tomlkit.
        return [edit_whole_file(body, tools, by_name)], None
    return replacements, shifted_offsets(offsets, replacements)


def shifted_offsets(offsets: list[int], replacements: list[Replacement]) -> list[int]:
    """The header `offsets` once `replacements` (in file order) are made: headers after
    each edited span move by the size changes of the spans before them."""
    shifted: list[int] = []
    delta = done = 0
    for start, end, replacement in replacements:
        cut = bisect.bisect_left(offsets, end)
        shifted += offsets[done:cut] if delta == 0 else [o + delta for o in offsets[done:cut]]
        delta += len(replacement) - (end - start)
        done = cut
    shifted += [offset + delta for offset in offsets[done:]]
    return shifted
