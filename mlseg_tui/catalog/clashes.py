"""Names and aliases are unique across the catalog, ignoring case: a tool whose name or
alias an earlier tool already uses is left out, and both places are reported."""

from __future__ import annotations

from pathlib import Path

from mlseg_tui.catalog.files import read_regular_text
from mlseg_tui.catalog.source import TOOL_HEADER, header_lines
from mlseg_tui.domain.model import Problem, Tool

# (index of a tool to skip, the key it shares, index of the earlier tool owning it)
Clash = tuple[int, str, int]


def check_unique_keys(tools: list[Tool], problems: list[Problem]) -> list[Tool]:
    """Drop tools whose name or alias another tool already uses, reporting both places."""
    return drop_clashes(tools, find_clashes(tools), problems)


def find_clashes(tools: list[Tool]) -> list[Clash]:
    """Every clash among `tools`, in order: the tools `drop_clashes` leaves out."""
    owners: dict[str, int] = {}
    clashes = []
    for index, tool in enumerate(tools):
        name_key = tool.name.casefold()
        if not tool.aliases:
            # Most tools have no alias: one lookup, no tuple built.
            owner = owners.setdefault(name_key, index)
            if owner != index:
                clashes.append((index, tool.name, owner))
            continue
        clash = None
        for key in tool.keys:
            owner = owners.get(key.casefold())
            if owner is not None:
                clash = (index, key, owner)
                break
        if clash is not None:
            clashes.append(clash)
            continue
        for key in tool.keys:
            owners.setdefault(key.casefold(), index)
    return clashes


def drop_clashes(tools: list[Tool], clashes: list[Clash], problems: list[Problem]) -> list[Tool]:
    """`tools` without the clashing ones, each reported at its line and its owner's."""
    if not clashes:
        return tools
    lines = _HeaderLines()
    for index, key, owner_index in clashes:
        tool, owner = tools[index], tools[owner_index]
        problems.append(
            Problem(
                tool.source.path,
                lines.of(tool),
                1,
                f"{key!r} is already used by {owner.name!r} "
                f"({owner.source.path}:{lines.of(owner)}); tool {tool.name!r} skipped",
            )
        )
    skipped = {index for index, _, _ in clashes}
    return [tool for index, tool in enumerate(tools) if index not in skipped]


class _HeaderLines:
    """The line of each tool's `[[tools]]` header: each file read and indexed once, however
    many clashes it holds (tools may come from the cache, with no text at hand)."""

    def __init__(self) -> None:
        self._by_file: dict[Path, list[int]] = {}

    def of(self, tool: Tool) -> int:
        path = tool.source.path
        lines = self._by_file.get(path)
        if lines is None:
            lines = self._by_file[path] = _header_lines_of(path)
        index = tool.source.index
        return lines[index] if index < len(lines) else 1


def _header_lines_of(path: Path) -> list[int]:
    try:
        text = read_regular_text(path)
    except OSError:
        return []
    return header_lines(TOOL_HEADER, text)[1]
