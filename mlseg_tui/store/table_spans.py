"""Whole tool tables in a file's bytes: the span a removal deletes, and the text that
appends new tools.

A tool's table, for a removal, is its `[[tools]]` header through its last line (its
`[tools.*]` subtables included), with the comment lines right above the header (no blank
line between: they speak of it) and the blank lines that set it apart from what comes
before. Comments elsewhere, and what follows its last line, stay.
"""

from __future__ import annotations

from collections.abc import Sequence

from mlseg_tui.domain.criteria import Metric
from mlseg_tui.domain.model import Tool
from mlseg_tui.store.edit_checks import EditError, WrongTable, single_tool_table
from mlseg_tui.store.new_tool import full_tool_text
from mlseg_tui.store.toml_scan import ScanError, scan
from mlseg_tui.store.tool_edit import content_end, newline_of, tool_span_end


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise EditError("the file is not UTF-8 text") from error


def removal_span(body: bytes, offsets: list[int], index: int, name: str) -> tuple[int, int]:
    """The bytes to delete to remove tool number `index` (its name on disk: `name`) from
    `body`. WrongTable when that table holds another tool; EditError when it cannot be
    told where the table ends."""
    start = offsets[index]
    end = offsets[index + 1] if index + 1 < len(offsets) else len(body)
    own = _text(body[start:end])
    try:
        records = scan(own)
    except ScanError as error:
        raise EditError(f"cannot follow the table of {name!r}: {error}") from None
    if not records or records[0].kind != "header" or records[0].keys != ("tools",):
        raise WrongTable(f"no [[tools]] table where {name!r} was expected")
    own_end = content_end(records[: tool_span_end(records)])
    table_end = start + len(own[:own_end].encode("utf-8"))
    before_start = offsets[index - 1] if index > 0 else 0
    before = _text(body[before_start:start])
    try:
        above = scan(before)
    except ScanError as error:
        raise EditError(f"cannot follow the lines above {name!r}: {error}") from None
    keep = len(above)
    while keep and above[keep - 1].kind == "trivia" and not above[keep - 1].blank:
        keep -= 1  # its own comments
    while keep and above[keep - 1].kind == "trivia" and above[keep - 1].blank:
        keep -= 1  # the blank lines before them
    cut = start
    if keep < len(above):
        cut = before_start + len(before[: above[keep].start].encode("utf-8"))
    removed = _text(body[cut:table_end])
    try:
        table = single_tool_table(removed)
    except EditError as error:
        raise WrongTable(str(error)) from None
    if table.get("name") != name:
        raise WrongTable(f"found {table.get('name')!r} where {name!r} was expected")
    return cut, table_end


def appended_tables(
    body: bytes, added: Sequence[Tool], metric: Metric | None = None
) -> tuple[bytes, list[int]]:
    """The bytes that append `added` to `body` (each table after a blank line, in the
    file's line endings), and each new header's offset within them."""
    newline = newline_of(body[:4096].decode("utf-8", "ignore"))
    text = ""
    if body and not body.endswith(b"\n"):
        text = newline
    headers: list[int] = []
    for tool in added:
        if body or text or headers:
            text += newline
        headers.append(len(text.encode("utf-8")))
        text += full_tool_text(tool, newline, metric)
    return text.encode("utf-8"), headers
