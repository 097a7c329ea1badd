"""The detail panel's sourced facts: a tool's timeline (its dated events beside its moves)
and the sources that support what the panel says."""

from __future__ import annotations

from textual.content import Content

from mlseg_tui.domain.model import Catalog, HistoryEntry, Tool
from mlseg_tui.domain.text import one_line, visible

HEADING = "bold $text-accent"
LABEL = "bold"
MUTED = "$text-muted"
HISTORICAL = " (historical: no longer serves the product)"


def move_text(catalog: Catalog, entry: HistoryEntry) -> str:
    """A move as "From → To", by segment titles (shown on one line)."""
    before = one_line(catalog.segment_title(entry.from_segment))
    return f"{before} → {one_line(catalog.segment_title(entry.to_segment))}"


def entry_text(catalog: Catalog, entry: HistoryEntry) -> str:
    """What a history entry recorded: a move as "From → To" (and a rename with it), else
    the edit it was (a rename, a new reasoning) and the segment it stayed in."""
    renamed = f"renamed from {one_line(entry.renamed_from)}" if entry.renamed_from else ""
    if entry.moved:
        return move_text(catalog, entry) + (f"; {renamed}" if renamed else "")
    what = [part for part in (renamed,) if part]
    if entry.previous_reasoning.strip():
        what.append("reasoning changed")
    said = "; ".join(what) or "placement confirmed"
    stayed = one_line(catalog.segment_title(entry.to_segment))
    return f"{said[:1].upper()}{said[1:]} (stayed in {stayed})"


def last_move(tool: Tool) -> HistoryEntry | None:
    """The latest entry of the tool's history that moved it (edits that left it in its
    segment are not moves)."""
    return next((entry for entry in reversed(tool.history) if entry.moved), None)


def homepage_text(tool: Tool) -> str:
    """The homepage, marked when it no longer serves the product."""
    if not tool.homepage:
        return ""
    return tool.homepage + (HISTORICAL if tool.homepage_historical else "")


def timeline_lines(catalog: Catalog, tool: Tool) -> list[Content]:
    """The tool's events, oldest first, with its moves in this catalog placed among them
    (a tool without events shows its moves in the history section alone)."""
    if not tool.events:
        return []
    entries: list[tuple[str, int, Content]] = []
    for event in tool.events:
        secondary = ("  (secondary source)", MUTED) if event.secondary else ("", MUTED)
        line = Content.assemble(
            (event.date, LABEL), "  ", (f"{one_line(event.kind)}: ", LABEL),
            visible(event.what.strip()), secondary,
        )  # fmt: skip
        entries.append((event.date, 0, line))
    for entry in tool.history:
        date = entry.date.isoformat()
        what = ("moved: ", LABEL) if entry.moved else ("edited: ", LABEL)
        entries.append(
            (date, 1, Content.assemble((date, LABEL), "  ", what, entry_text(catalog, entry)))
        )
    entries.sort(key=lambda item: (item[0], item[1]))
    return [Content(""), Content.styled("Timeline (oldest first)", HEADING)] + [
        line for _, _, line in entries
    ]


def source_lines(tool: Tool) -> list[Content]:
    """The pages that support the tool's facts, third-party ones marked."""
    if not tool.sources:
        return []
    lines = [Content(""), Content.styled("Sources", HEADING)]
    for source in tool.sources:
        mark = ("  (secondary)", MUTED) if source.secondary else ("", MUTED)
        lines.append(Content.assemble("• ", one_line(source.url), mark))
        if source.supports.strip():
            lines.append(Content.styled(f"  {one_line(source.supports.strip())}", MUTED))
    return lines
