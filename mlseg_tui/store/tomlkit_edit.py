"""The fallback for layouts the text splice cannot follow (an inline `history = [...]`,
a `tools = [...]` array): edit with tomlkit, then verify as the splice is verified.

Slower than the splice, and tomlkit may move comments next to a removed history table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import tomli
import tomlkit
from tomlkit.items import AoT, InlineTable

from mlseg_tui.catalog.history import read_history
from mlseg_tui.catalog.source import SourceText
from mlseg_tui.domain.changes import Change
from mlseg_tui.domain.criteria import Metric
from mlseg_tui.domain.model import Tool
from mlseg_tui.domain.tool_values import CRITERIA, FIELDS, ToolState, default_of, values_of
from mlseg_tui.store.criteria_edit import as_list, toml_answer
from mlseg_tui.store.edit_checks import EditError, check_table, common_prefix
from mlseg_tui.store.new_tool import ALWAYS_WRITTEN, check_tool_table, full_tool_text

_BARE_LF = re.compile(r"(?<!\r)\n")
# (what the table must hold, the fields that change, the table's index in `tools`)
Target = tuple[ToolState, Sequence[str], int]


def edit_tables(
    text: str,
    targets: Sequence[Target],
    removed: Sequence[int] = (),
    added: Sequence[Tool] = (),
    metric: Metric | None = None,
) -> str:
    """`text` with each target applied to its `tools[index]` table, the `removed` tables
    deleted and the `added` tools appended, via tomlkit."""
    try:
        document = tomlkit.parse(text)
        tables = document["tools"]
        for wanted, changed, index in targets:
            _apply(tables[index], wanted, changed, metric)
        for index in sorted(removed, reverse=True):
            del tables[index]
        for tool in added:
            tables.append(_new_table(tool, isinstance(tables, AoT), metric))
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


def _new_table(tool: Tool, array_of_tables: bool, metric: Metric | None) -> Any:
    """A tomlkit table of `tool` to append: a `[[tools]]` table, or an inline one for a
    `tools = [...]` array (which cannot hold the subtables of a tool that has them)."""
    if array_of_tables:
        return tomlkit.parse(full_tool_text(tool, "\n", metric))["tools"][0]
    if tool.essay is not None or tool.sources or tool.events or tool.history or tool.criteria:
        raise EditError("an inline `tools = [...]` array cannot take this tool's subtables")
    item = tomlkit.inline_table()
    values = values_of(tool)
    for field in FIELDS:
        value = values.get(field)
        if field in ALWAYS_WRITTEN or value != default_of(field):
            item[field] = list(value) if isinstance(value, tuple) else value
    if tool.homepage_historical:
        item["homepage_historical"] = True
    if tool.reviewed is not None:
        item["reviewed"] = tool.reviewed
    return item


def _apply_criteria(table: Any, wanted: ToolState, metric: Metric | None) -> None:
    new = dict(wanted.values.criteria)
    if not new:
        if CRITERIA in table:
            del table[CRITERIA]
        return
    if CRITERIA not in table:
        table[CRITERIA] = tomlkit.inline_table() if isinstance(table, InlineTable) else {}
    answers = table[CRITERIA]
    for key in [key for key in answers if key not in new]:
        del answers[key]
    for key, chosen in wanted.values.criteria:
        old = answers[key].unwrap() if key in answers else None
        if old is not None and (old if isinstance(old, list) else [old]) == list(chosen):
            continue
        answers[key] = toml_answer(chosen, as_list(metric, key, old, chosen))


def _apply(
    table: Any, wanted: ToolState, changed: Sequence[str], metric: Metric | None = None
) -> None:
    for field in changed:
        if field == CRITERIA:
            _apply_criteria(table, wanted, metric)
            continue
        value = wanted.values.get(field)
        if value == default_of(field) and field != "tentative":
            if field in table:
                del table[field]
        else:
            table[field] = list(value) if isinstance(value, tuple) else value
    history = table.get("history")
    old = read_history(history.unwrap() if history is not None else [])
    if old is None:
        raise EditError("the tool's history is not a list of valid entries")
    keep = common_prefix(old, wanted.history)
    if history is not None and keep == 0 and len(old) > 0:
        del table["history"]
        history = None
    elif history is not None:
        for index in range(len(old) - 1, keep - 1, -1):
            del history[index]
    for entry in wanted.history[keep:]:
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
        if entry.renamed_from:
            item["renamed_from"] = entry.renamed_from
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


def _index_of(change: Change, old_tables: list[Any], body: bytes, by_name: bool) -> int:
    """Where the change's tool sits in the parsed file."""
    name = change.saved.values.name if change.saved is not None else change.tool.name
    index = change.tool.source.index
    fits = 0 <= index < len(old_tables) and isinstance(old_tables[index], dict)
    if fits and old_tables[index].get("name") == name:
        return index
    if not by_name:
        raise EditError(f"{name!r} is not where it was loaded")
    index = indexes_by_name(body).get(name, -1)
    if index < 0:
        raise EditError(f"{name!r} is no longer in the file")
    return index


def edit_whole_file(
    body: bytes,
    edits: Sequence[Change],
    removals: Sequence[Change],
    adds: Sequence[Tool],
    by_name: bool,
    metric: Metric | None = None,
) -> tuple[int, int, bytes]:
    """Edit a file whose layout the scanner cannot follow, with tomlkit on the whole text."""
    try:
        text = body.decode("utf-8")
        old = tomli.loads(text)
    except (UnicodeDecodeError, tomli.TOMLDecodeError) as error:
        raise EditError(f"the file does not parse: {error}") from None
    old_tables = old.get("tools")
    if not isinstance(old_tables, list):
        raise EditError("the file holds no tools array")
    targets: list[Target] = []
    for change in edits:
        index = _index_of(change, old_tables, body, by_name)
        wanted = change.current
        assert wanted is not None
        targets.append((wanted, change.changed_fields(), index))
    removed = {_index_of(change, old_tables, body, by_name) for change in removals}
    new_text = edit_tables(text, targets, sorted(removed), adds, metric)
    try:
        new_tables = tomli.loads(new_text).get("tools")
    except tomli.TOMLDecodeError as error:  # tomlkit wrote something TOML does not allow
        raise EditError(f"the edit does not parse: {error}") from None
    kept = [index for index in range(len(old_tables)) if index not in removed]
    if not isinstance(new_tables, list) or len(new_tables) != len(kept) + len(adds):
        raise EditError("the edit did not leave the intended number of tools")
    edited = {index: (wanted, changed) for wanted, changed, index in targets}
    for index, new_table in zip(kept, new_tables, strict=False):
        old_table = old_tables[index]
        if index in edited:
            check_table(new_table, old_table, *edited[index])
        elif new_table != old_table:
            raise EditError("the edit changed another tool")
    for tool, table in zip(adds, new_tables[len(kept) :], strict=True):
        check_tool_table(table, tool, SourceText(tool.source.path, new_text), None, metric)
    return 0, len(body), new_text.encode("utf-8")
