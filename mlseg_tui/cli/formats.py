"""Plain-text views of a catalog for the CLI: table, JSON, markdown and the essay's list."""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Sequence
from typing import Any

from rich.cells import cell_len

from mlseg_tui.domain.essay_list import essay_items
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
        "homepage_historical": tool.homepage_historical,
        "sdk_license": tool.sdk_license,
        "essay": None
        if essay is None
        else {
            "listed_as": list(essay.listed_as),
            "segments": list(essay.segments),
            "positions": list(essay.positions),
            "note": essay.note,
        },
        "history": [
            {
                "date": entry.date.isoformat(),
                "from": entry.from_segment,
                "to": entry.to_segment,
                "reason": entry.reason,
                "previous_reasoning": entry.previous_reasoning,
                "renamed_from": entry.renamed_from,
            }
            for entry in tool.history
        ],
        "sources": [
            {"url": s.url, "supports": s.supports, "secondary": s.secondary} for s in tool.sources
        ],
        "events": [
            {
                "date": e.date,
                "kind": e.kind,
                "what": e.what,
                "source": e.source,
                "secondary": e.secondary,
            }
            for e in tool.events
        ],
        "criteria": {criterion_id: list(chosen) for criterion_id, chosen in tool.criteria},
        "reviewed": None if tool.reviewed is None else tool.reviewed.isoformat(),
        "file": str(tool.source.path),
    }


def as_json(tools: Sequence[Tool]) -> str:
    """JSON that decodes to the exact text, with nothing in it a terminal would act on."""
    return json_text([tool_record(tool) for tool in tools])


def json_text(value: object) -> str:
    """`value` as indented JSON that decodes to the exact text, with nothing in it a
    terminal would act on."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
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


def as_markdown(
    catalog: Catalog, tools: Sequence[Tool], segments: Collection[str] | None = None
) -> str:
    """The catalog's current state: a heading per segment (or per one of `segments`, the
    ids asked for), a bullet per tool where it sits now (not the essay's list as posted:
    see `as_essay`)."""
    lines = [f"# {one_line(catalog.root.name)}: MLOps segmentation", ""]
    for segment in catalog.essay_segments():  # the essay's own order of its groups
        if segments is not None and segment.id not in segments:
            continue
        members = [tool for tool in tools if tool.segment == segment.id]
        lines += [f"## {one_line(segment.title)}", ""]
        lines += [
            f" * ({one_line(tool.name)}?)" if tool.tentative else f" * {one_line(tool.name)}"
            for tool in members
        ] or [" * (none)"]
        lines.append("")
    return "\n".join(lines)


def as_essay(catalog: Catalog, tools: Sequence[Tool]) -> str:
    """The essay's own list as posted: its headings, its items in its order and words.

    Raises ValueError when the tools' essay fields disagree about an item.
    """
    items, problems = essay_items(tools)
    if problems:
        raise ValueError("; ".join(problems))
    headings = {s.id: s.essay_heading or f"{s.title}:" for s in catalog.segments}
    lines: list[str] = []
    segment = None
    for item in items:
        if item.segment != segment:
            if lines:
                lines.append("")
            lines += [one_line(headings.get(item.segment, f"{item.segment}:")), ""]
            segment = item.segment
        lines.append(f" * {one_line(item.token)}")
    return "\n".join(lines)
