"""The 2020 essay's own list, rebuilt from the tools' essay fields.

Each `[tools.essay]` says how the essay listed the tool (`listed_as`), in which group
(`segments`) and at which place in the list (`positions`). Tools listed in one combined
item ("TVM/Halide") share its position; a tool listed twice (GraphPipe) has two.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from mlseg_tui.domain.model import Tool


@dataclass(frozen=True, slots=True)
class EssayItem:
    """One bullet of the essay's list."""

    position: int
    segment: str
    token: str
    tools: tuple[str, ...]


def essay_tools(tools: Iterable[Tool]) -> list[Tool]:
    """The tools the essay listed, without those added to the catalog after it."""
    return [tool for tool in tools if tool.essay is not None]


def essay_items(tools: Iterable[Tool]) -> tuple[list[EssayItem], list[str]]:
    """The essay's items in its order, and the disagreements that keep it from being one
    list (two tools giving one position different words or groups)."""
    items: dict[int, EssayItem] = {}
    problems: list[str] = []
    for tool in tools:
        essay = tool.essay
        if essay is None:
            continue
        for i, (token, position) in enumerate(zip(essay.listed_as, essay.positions, strict=False)):
            segments = essay.segments or (tool.segment,)
            segment = segments[min(i, len(segments) - 1)]
            item = items.get(position)
            if item is None:
                items[position] = EssayItem(position, segment, token, (tool.name,))
            elif (item.token, item.segment) != (token, segment):
                problems.append(
                    f"essay position {position}: {item.tools[0]} lists {item.token!r} in "
                    f"{item.segment}, {tool.name} lists {token!r} in {segment}"
                )
            else:
                items[position] = EssayItem(position, segment, token, (*item.tools, tool.name))
    return [items[position] for position in sorted(items)], problems
