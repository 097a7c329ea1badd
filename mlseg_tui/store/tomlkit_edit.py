"""The fallback for layouts the text splice cannot follow (an inline `history = [...]`,
a `tools = [...]` array): edit with tomlkit, then verify as the splice is verified.

Slower than the splice, and tomlkit may move comments next to a removed history table.
"""

from __future__ import annotations

import re
from typing import Any

import tomli
import tomlkit
from tomlkit.items import AoT, InlineTable

from mlseg_tui.catalog.history import read_history
from mlseg_tui.domain.model import Tool
from mlseg_tui.store.edit_checks import EditError, check_table, common_prefix

_BARE_LF = re.compile(r"(?<!\r)\n")


def edit_tables(text: str, targets: list[tuple[Tool, int]]) -> str:
    """`text` with each (tool, index) applied to its `tools[index]` table, via tomlkit."""
    try:
        document = tomlkit.parse(text)
        tables = document["tools"]
        for tool, index in targets:
            _apply(tables[index], tool)
        new_text = document.as_string()
    except EditError:
        raise
    except Exception as error:  # tomlkit raises many kinds; any means "cannot edit"
        raise EditError(f"cannot edit with tomlkit: {error}") from None
    # tomlkit ends the lines it adds with "\n": keep a CRLF-only text CRLF-only. (TOML
    # reads CRLF and LF alike, even inside multi-line strings; the checks see the values.)
    if "\r\n" in text and not _BARE_LF.search(text):
        new_text = _BARE_LF.sub("\r\n", new_text)
    return new_text


def _apply(table: Any, tool: Tool) -> None:
    if table.get("segment") != tool.segment:
        table["segment"] = tool.segment
    if table.get("reasoning") != tool.reasoning:
        table["reasoning"] = tool.reasoning
    history = table.get("history")
    old = read_history(history.unwrap() if history is not None else [])
    if old is None:
        raise EditError("the tool's history is not a list of valid entries")
    keep = common_prefix(old, tool.history)
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
    new_text = edit_tables(text, targets)
    try:
        new_tables = tomli.loads(new_text).get("tools")
    except tomli.TOMLDecodeError as error:  # tomlkit wrote something TOML does not allow
        raise EditError(f"the edit does not parse: {error}") from None
    if not isinstance(new_tables, list) or len(new_tables) != len(old_tables):
        raise EditError("the edit changed the number of tools")
    edited = {index: tool for tool, index in targets}
    for index, (old_table, new_table) in enumerate(zip(old_tables, new_tables, strict=True)):
        if index in edited:
            check_table(new_table, old_table, edited[index])
        elif new_table != old_table:
            raise EditError("the edit changed another tool")
    return 0, len(body), new_text.encode("utf-8")
