"""`mlseg-tui show TOOL`: one tool's detail as text (or JSON): where it sits and why, its
criteria answers with the score and the segment they suggest, its sourced facts and its
last moves; what the browser's detail panel says, for a script or a terminal without it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from mlseg_tui.cli import formats as report
from mlseg_tui.cli.loading import CATALOG_OPTION, load_usable
from mlseg_tui.cli.names import find_tool
from mlseg_tui.domain.criteria import assess
from mlseg_tui.domain.model import TENTATIVE_MARK, Catalog, HistoryEntry, Tool
from mlseg_tui.domain.text import one_line, plural, visible

FORMATS = ("text", "json")
# The text lists this many of the newest history entries (JSON has them all).
LAST_MOVES = 5
NOT_ANSWERED = "(not answered)"


def _move(catalog: Catalog, entry: HistoryEntry) -> str:
    before = one_line(catalog.segment_title(entry.from_segment))
    after = one_line(catalog.segment_title(entry.to_segment))
    what = f"{before} -> {after}" if entry.moved else f"stayed in {after}"
    if entry.renamed_from:
        what += f", renamed from {one_line(entry.renamed_from)}"
    return f"{entry.date.isoformat()}  {what}"


def _field(label: str, value: str) -> list[str]:
    return [f"{label}: {one_line(value)}"] if value else []


def _block(heading: str, body: str) -> list[str]:
    # Multi-line user text keeps its lines, every control character made visible.
    return ["", heading, visible(body.strip())] if body.strip() else []


def _answer(tool: Tool, criterion_id: str) -> str:
    for given_id, chosen in tool.criteria:
        if given_id == criterion_id:
            # An empty list is an answer ("none of these"), not a missing one.
            return one_line(", ".join(chosen)) if chosen else "none"
    return NOT_ANSWERED


def _criteria_lines(catalog: Catalog, tool: Tool) -> list[str]:
    metric = catalog.metric
    if not metric.criteria:
        return []
    assessment = assess(metric, tool.criteria, tool.segment)
    lines = ["", "Hand-holding criteria"]
    if assessment.score is None:
        missing = ", ".join(assessment.missing) or "some answers are not valid"
        lines.append(f"Score: none (not answered: {missing})")
    else:
        suggested = one_line(catalog.segment_title(assessment.suggested or ""))
        lines.append(f"Score: {assessment.score:.2f} (0 light .. 1 heavy), suggests {suggested}")
        if assessment.disagrees:
            placed = one_line(catalog.segment_title(tool.segment))
            lines.append(
                f"Disagreement: placed in {placed}, the criteria suggest {suggested}; "
                "the placement stands (review it)."
            )
    width = max(len(criterion.id) for criterion in metric.criteria)
    for criterion in metric.criteria:
        lines.append(f"  {criterion.id + ':':<{width + 1}} {_answer(tool, criterion.id)}")
    if tool.reviewed is not None:
        lines.append(f"Reviewed: {tool.reviewed.isoformat()}")
    return lines


def _open_source(tool: Tool) -> str:
    if tool.open_source is None:
        return ""
    return "yes" if tool.open_source else "no"


def _fact_lines(tool: Tool) -> list[str]:
    lines = ["", "Facts"]
    lines += _field("Aliases", ", ".join(tool.aliases))
    lines += _field("Kind", tool.kind)
    lines += _field("Vendor", tool.vendor)
    historical = " (historical: no longer serves the product)" if tool.homepage_historical else ""
    lines += _field("Homepage", tool.homepage and tool.homepage + historical)
    lines += _field("Repository", tool.repository)
    lines += _field("Open source", _open_source(tool))
    lines += _field("Licence", tool.license)
    lines += _field("SDK licence", tool.sdk_license)
    lines += _field("Status", tool.status)
    lines += _field("Tags", ", ".join(tool.tags))
    if tool.description.strip():
        lines += ["", visible(tool.description.strip())]
    if tool.events:
        lines += ["", "Events (oldest first)"]
        for event in tool.events:
            secondary = " (secondary source)" if event.secondary else ""
            lines.append(
                f"  {one_line(event.date)}  {one_line(event.kind)}: "
                f"{one_line(event.what.strip())}{secondary}"
            )
    if tool.sources:
        lines += ["", "Sources"]
        for source in tool.sources:
            secondary = " (secondary)" if source.secondary else ""
            lines.append(f"  {one_line(source.url)}{secondary}")
            if source.supports.strip():
                lines.append(f"    supports: {one_line(source.supports.strip())}")
    return lines


def _history_lines(catalog: Catalog, tool: Tool) -> list[str]:
    if not tool.history:
        return ["", "Last moves: none saved"]
    shown = list(reversed(tool.history))[:LAST_MOVES]
    lines = ["", "Last moves (newest first)"]
    for entry in shown:
        lines.append(f"  {_move(catalog, entry)}")
        if entry.reason.strip():
            lines.append(f"    reason: {one_line(entry.reason.strip())}")
    earlier = len(tool.history) - len(shown)
    if earlier:
        lines.append(f"  ({plural(earlier, 'earlier entry', 'earlier entries')}: --format json)")
    return lines


def _relative(catalog: Catalog, tool: Tool) -> str:
    try:
        return str(tool.source.path.relative_to(catalog.root))
    except ValueError:
        return str(tool.source.path)


def tool_text(catalog: Catalog, tool: Tool) -> str:
    """The detail of `tool` as plain text: user text shown literally, controls visible."""
    mark = TENTATIVE_MARK if tool.tentative else ""
    lines = [one_line(tool.name) + mark]
    try:
        scale = catalog.segment(tool.segment).scale
    except KeyError:
        scale = ""
    title = one_line(catalog.segment_title(tool.segment))
    lines.append(f"Segment: {title}" + (f" ({one_line(scale)})" if scale else ""))
    if tool.tentative:
        listed = tool.essay.listed_as if tool.essay else ()
        wrote = f" (it wrote {one_line(', '.join(listed))})" if listed else ""
        lines.append(f"Tentative: the essay hedged this placement{wrote}; treat it as a guess.")
    lines += _block(f"Why {one_line(tool.name)} is here", tool.reasoning)
    lines += _criteria_lines(catalog, tool)
    lines += _fact_lines(tool)
    lines += _history_lines(catalog, tool)
    lines += ["", f"File: {one_line(_relative(catalog, tool))}"]
    return "\n".join(lines)


def tool_json(catalog: Catalog, tool: Tool) -> str:
    """Every field of `tool` (as `list --format json` gives it) and what the metric says."""
    assessment = assess(catalog.metric, tool.criteria, tool.segment)
    record: dict[str, Any] = report.tool_record(tool)
    record["segment_title"] = catalog.segment_title(tool.segment)
    record["assessment"] = {
        "score": assessment.score,
        "suggests": assessment.suggested,
        "disagrees": assessment.disagrees,
        "not_answered": list(assessment.missing),
    }
    return report.json_text(record)


@click.command()
@CATALOG_OPTION
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
def show(catalog_dir: Path | None, name: str, fmt: str) -> None:
    """Print the tool NAME (or an alias, any case): its segment and why it sits there, its
    criteria answers with the score and the segment they suggest, its facts (homepage,
    licence, status, sources, events) and its last moves. An unknown name suggests the
    closest ones. Exits 1 after the output when the catalog has errors."""
    usable = load_usable(catalog_dir)
    tool = find_tool(usable.catalog, name)
    if fmt == "json":
        click.echo(tool_json(usable.catalog, tool))
    else:
        click.echo(tool_text(usable.catalog, tool))
    usable.finish()
