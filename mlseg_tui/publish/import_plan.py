"""What importing a radar file would do to a catalog, decided before anything is written.

Rings map to segments; each item becomes a new tool, or is compared with the tool of the
same name (or alias). A tool that differs is reported and left as it is unless the user
asked for updates: an import never rewrites a reasoning silently.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from mlseg_tui.domain.model import Catalog, HistoryEntry, SourceRef, Tool
from mlseg_tui.publish.items import RadarFile, RadarItem, RingRef

CREATE, UPDATE, SAME, DIFFERS = "create", "update", "same", "differs"


class RingMappingError(ValueError):
    """Some rings match no segment; the message says how to map them."""


def _match(ring: RingRef, catalog: Catalog) -> str | None:
    wanted = {ring.id.strip().casefold(), ring.name.strip().casefold()}
    for segment in catalog.segments:
        if {segment.id.casefold(), segment.title.strip().casefold()} & wanted:
            return segment.id
    return None


def map_rings(
    rings: Sequence[RingRef], catalog: Catalog, given: Mapping[str, str]
) -> dict[str, str]:
    """Each ring id's segment id: as `given` (keyed by ring id or name, valued by segment
    id or title), else the segment whose id or title is the ring's id or name (case
    ignored). RingMappingError lists the rings left over, and the segments to choose."""
    folded_given = {key.strip().casefold(): value for key, value in given.items()}
    mapping: dict[str, str] = {}
    unknown_targets: list[str] = []
    unmapped: list[RingRef] = []
    for ring in rings:
        target = folded_given.get(ring.id.casefold(), folded_given.get(ring.name.casefold()))
        if target is not None:
            segment = _match(RingRef(target, target), catalog)
            if segment is None:
                unknown_targets.append(target)
                continue
            mapping[ring.id] = segment
            continue
        segment = _match(ring, catalog)
        if segment is None:
            unmapped.append(ring)
        else:
            mapping[ring.id] = segment
    problems = []
    if unknown_targets:
        problems.append(f"no segment called {', '.join(map(repr, unknown_targets))}")
    if unmapped:
        problems.append(
            "no segment for the ring"
            + ("s " if len(unmapped) > 1 else " ")
            + ", ".join(repr(ring.name) for ring in unmapped)
            + "; map each with --ring RING=SEGMENT"
        )
    if problems:
        choices = ", ".join(f"{s.id} ({s.title})" for s in catalog.segments)
        raise RingMappingError("; ".join(problems) + f" (segments: {choices})")
    return mapping


def rings_needing_choice(rings: Sequence[RingRef], catalog: Catalog) -> list[RingRef]:
    """The rings that match no segment by id or title: the ones to ask the user about."""
    return [ring for ring in rings if _match(ring, catalog) is None]


@dataclass(frozen=True, slots=True)
class ToolPlan:
    """One item's fate. `incoming` is the tool as the file describes it; `existing` the
    catalog's tool of that name, if any; `changes` the fields on which they differ."""

    item: RadarItem
    action: str  # CREATE, UPDATE, SAME or DIFFERS
    incoming: Tool
    existing: Tool | None = None
    changes: tuple[str, ...] = ()


def line_breaks(text: str) -> str:
    """Windows and old Mac line ends read as the catalog's one line break."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def incoming_tool(item: RadarItem, rings: Mapping[str, str], source: Path) -> Tool:
    """The tool an item describes: its quadrant kept as a tag, its moves as history."""
    history = tuple(
        HistoryEntry(
            move.date, rings[move.from_ring], rings[move.to_ring], line_breaks(move.reason)
        )
        for move in item.moves
        # Two rings mapped onto one segment: a change between them is no move here.
        if rings[move.from_ring] != rings[move.to_ring]
    )
    return Tool(
        name=item.name,
        segment=rings[item.ring],
        reasoning=line_breaks(item.reasoning),
        source=SourceRef(source, -1),
        homepage=item.homepage,
        repository=item.repository,
        tags=(item.quadrant,),
        history=history,
    )


def _changes(incoming: Tool, existing: Tool) -> tuple[str, ...]:
    changes = []
    if incoming.segment != existing.segment:
        changes.append("segment")
    if incoming.reasoning != existing.reasoning:
        changes.append("reasoning")
    for field in ("homepage", "repository"):
        wanted = getattr(incoming, field)
        if wanted and wanted != getattr(existing, field):
            changes.append(field)
    if not {tag.casefold() for tag in incoming.tags} <= {tag.casefold() for tag in existing.tags}:
        changes.append("tags")
    return tuple(changes)


def plan_import(
    radar: RadarFile,
    catalog: Catalog,
    rings: Mapping[str, str],
    source: Path,
    update: bool = False,
) -> list[ToolPlan]:
    """One plan an item, in the file's order."""
    plans = []
    for item in radar.items:
        incoming = incoming_tool(item, rings, source)
        existing = catalog.find(item.name)
        if existing is None:
            plans.append(ToolPlan(item, CREATE, incoming))
            continue
        changes = _changes(incoming, existing)
        action = SAME if not changes else UPDATE if update else DIFFERS
        plans.append(ToolPlan(item, action, incoming, existing, changes))
    return plans
