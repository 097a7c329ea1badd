"""Plain-text views of a catalog for the CLI: table, JSON and the essay's markdown shape."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from rich.cells import cell_len

from mlseg_tui.domain.model import TENTATIVE_MARK, Catalog, Tool
from mlseg_tui.domain.text import one_line

# json.dumps escapes C0 controls itself; these would still act on a terminal or reorder
# text (DEL, C1 such as the one-byte CSI, zero-width and bidi controls, the BOM).
_RAW_FOR_JSON = re.compile("[\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def tool_record(tool: Tool) -> dict[str, Any]:
    """A JSON-ready dict of every field of `tool`."""
    essay = tool.essay
    return {
        "name": tool.name,
        "segment": tool.segment,
        "aliases": list(tool.aliases),
        "tentative": tool.tentative,
        "reasoning": tool.reasoning,
        "kind": tool.kind,
        "description": tool.description,
        "vendor": tool.vendor,
        "homepage": tool.homepage,
        "repository": tool.repository,
        "open_source": tool.open_source,
        "license": tool.license,
        "status": tool.status,
        "tags": list(tool.tags),
        "essay": None
        if essay is None
        else {
            "listed_as": list(essay.listed_as),
            "segments": list(essay.segments),
            "note": essay.note,
        },
        "history": [
            {
                "date": entry.date.isoformat(),
                "from": entry.from_segment,
                "to": entry.to_segment,
                "reason": entry.reason,
                "previous_reasoning": entry.previous_reasoning,
            }
            for entry in tool.history
        ],
        "file": str(tool.source.path),
    }


def as_json(tools: Sequence[Tool]) -> str:
    """JSON that decodes to the exact text, with nothing in it a terminal would act on."""
    text = json.dumps([tool_record(tool) for tool in tools], indent=2, ensure_ascii=False)
    # Such characters can only sit inside JSON strings, where \uXXXX means the same.
    return _RAW_FOR_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_len(text))


def _clip(text: str, width: int) -> str:
    if cell_len(text) <= width:
        return text
    out = ""
    for char in text:
        if cell_len(out + char) > width - 1:
            break
        out += char
    return out + "…"


def as_table(catalog: Catalog, tools: Sequence[Tool]) -> str:
    """Aligned columns (wide characters counted as two cells), control characters shown."""
    titles = {segment.id: one_line(segment.title) for segment in catalog.segments}
    rows = [
        (
            _clip(one_line(tool.name) + (TENTATIVE_MARK if tool.tentative else ""), 40),
            titles.get(tool.segment, tool.segment),
            _clip(one_line(", ".join(tool.aliases)), 50),
        )
        for tool in tools
    ]
    header = ("NAME", "SEGMENT", "ALIASES")
    widths = [max(cell_len(row[i]) for row in [header, *rows]) for i in range(3)]
    lines = [
        "  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip()
        for row in [header, *rows]
    ]
    return "\n".join(lines)


def as_markdown(catalog: Catalog, tools: Sequence[Tool]) -> str:
    """The catalog in the essay's own shape: a heading per segment, a bullet per tool."""
    lines = [f"# {one_line(catalog.root.name)}: MLOps segmentation", ""]
    for segment in catalog.segments:
        members = [tool for tool in tools if tool.segment == segment.id]
        lines += [f"## {one_line(segment.title)}", ""]
        lines += [
            f" * ({one_line(tool.name)}?)" if tool.tentative else f" * {one_line(tool.name)}"
            for tool in members
        ] or [" * (none)"]
        lines.append("")
    return "\n".join(lines)
