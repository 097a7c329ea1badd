"""The JSON that Backstage's tech-radar plugin reads (a TechRadarLoaderResponse), out and in.

Shapes from backstage/community-plugins workspaces/tech-radar/plugins/tech-radar-common
(src/schema.ts at 29476dc9, src/model.ts at 9fede964) and the plugin's RadarComponent.tsx
(4a8bc503), which takes `timeline[0]` as the entry's current ring: timelines are newest
first. docs/formats.md maps every field.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path
from typing import Any

from mlseg_tui.domain.model import Problem, Tool
from mlseg_tui.publish.items import RadarFile, RadarItem, RadarMove, RingRef
from mlseg_tui.publish.json_lines import array_lines
from mlseg_tui.publish.radar import RadarLayout, unique_slugs

# Any value color-string parses; one per ring, innermost first.
RING_COLORS = ("#b4436c", "#f2a541", "#3a86a8", "#8c8c8c")
HOMEPAGE, REPOSITORY = "Homepage", "Repository"


def _timestamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00.000Z"  # the form of the plugin's own sample


def _moved(layout: RadarLayout, from_segment: str, to_segment: str) -> int:
    """MovedState: 1 up (toward the centre), -1 down, 0 when either ring is off the radar."""
    before, after = layout.ring_index(from_segment), layout.ring_index(to_segment)
    if before is None or after is None or before == after:
        return 0
    return 1 if after < before else -1


def _timeline(tool: Tool, layout: RadarLayout, as_of: dt.date) -> list[dict[str, Any]]:
    """Newest first: one snapshot a move, then where the tool sat before its first move
    (dated with that move: the plugin needs a date, and earlier is not known)."""
    snapshots: list[dict[str, Any]] = []
    if tool.history and tool.history[-1].to_segment != tool.segment:
        snapshots.append({"ringId": tool.segment, "date": _timestamp(as_of)})
    for entry in reversed(tool.history):
        snapshot: dict[str, Any] = {
            "ringId": entry.to_segment,
            "date": _timestamp(entry.date),
            "moved": _moved(layout, entry.from_segment, entry.to_segment),
        }
        if entry.reason:
            snapshot["description"] = entry.reason
        snapshots.append(snapshot)
    if tool.history:
        first = tool.history[0]
        snapshots.append({"ringId": first.from_segment, "date": _timestamp(first.date)})
    else:
        snapshots.append({"ringId": tool.segment, "date": _timestamp(as_of)})
    return snapshots


def document(layout: RadarLayout, as_of: dt.date) -> dict[str, Any]:
    """The loader response: quadrants, rings and one entry a placed tool."""
    slugs = unique_slugs(layout.quadrants, "quadrant")
    quadrant_ids = dict(zip(layout.quadrants, slugs, strict=True))
    keys = unique_slugs([tool.name for tool, _, _ in layout.placed], "tool")
    entries = []
    for (tool, _, quadrant), key in zip(layout.placed, keys, strict=True):
        entry: dict[str, Any] = {
            "key": key,
            "id": key,
            "quadrant": quadrant_ids[quadrant],
            "title": tool.name,
            "description": tool.reasoning,
            "timeline": _timeline(tool, layout, as_of),
        }
        links = [
            {"url": url, "title": title}
            for url, title in ((tool.homepage, HOMEPAGE), (tool.repository, REPOSITORY))
            if url
        ]
        links += [
            {"url": source.url, "title": f"Source: {source.supports or source.url}"}
            for source in tool.sources
        ]
        if links:
            entry["links"] = links
        entries.append(entry)
    return {
        "quadrants": [{"id": quadrant_ids[name], "name": name} for name in layout.quadrants],
        "rings": [
            {
                "id": ring.id,
                "name": ring.title,
                "color": RING_COLORS[index % len(RING_COLORS)],
                "description": ring.definition,
            }
            for index, ring in enumerate(layout.rings)
        ],
        "entries": entries,
    }


def as_json(layout: RadarLayout, as_of: dt.date) -> str:
    return json.dumps(document(layout, as_of), indent=2, ensure_ascii=False) + "\n"


# --- reading ----------------------------------------------------------------------------


def _strings(value: Any, fields: tuple[str, ...]) -> str | None:
    """The first of `fields` that is missing or not a string, else None."""
    for field in fields:
        if not isinstance(value.get(field), str):
            return field
    return None


def _date(text: str) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        return None


def _entry(
    entry: Any, line: int, path: Path, quadrant_names: dict[str, str], ring_ids: set[str]
) -> RadarItem | Problem:
    if not isinstance(entry, dict):
        return Problem(path, line, 1, "an entry must be an object")
    wrong = _strings(entry, ("title", "quadrant"))
    if wrong is not None:
        return Problem(path, line, 1, f"entry without a text {wrong}")
    title = entry["title"]
    if entry["quadrant"] not in quadrant_names:
        return Problem(path, line, 1, f"{title!r}: unknown quadrant {entry['quadrant']!r}")
    timeline = entry.get("timeline")
    if not isinstance(timeline, list) or not timeline:
        return Problem(path, line, 1, f"{title!r}: the timeline must list at least one ring")
    snapshots: list[tuple[str, dt.date, str]] = []
    for snapshot in timeline:
        bad = snapshot if not isinstance(snapshot, dict) else None
        if bad is None and _strings(snapshot, ("ringId", "date")) is None:
            day = _date(snapshot["date"])
            if day is not None and snapshot["ringId"] in ring_ids:
                snapshots.append((snapshot["ringId"], day, str(snapshot.get("description") or "")))
                continue
        message = f"{title!r}: a timeline entry needs a known ringId and an ISO date"
        return Problem(path, line, 1, message)
    reasoning = entry.get("description") or snapshots[0][2]
    if not isinstance(reasoning, str) or not reasoning.strip():
        return Problem(path, line, 1, f"{title!r} has no description (it becomes the reasoning)")
    # Newest first in the file; a move is a change of ring between neighbours.
    oldest_first = list(reversed(snapshots))
    moves = tuple(
        RadarMove(newer[1], older[0], newer[0], newer[2])
        for older, newer in itertools.pairwise(oldest_first)
        if older[0] != newer[0]
    )
    links = entry.get("links") if isinstance(entry.get("links"), list) else []
    found = {
        str(link.get("title", "")).casefold(): str(link.get("url", ""))
        for link in links
        if isinstance(link, dict)
    }
    return RadarItem(
        name=title,
        ring=snapshots[0][0],
        quadrant=quadrant_names[entry["quadrant"]],
        reasoning=reasoning,
        line=line,
        homepage=found.get(HOMEPAGE.casefold(), ""),
        repository=found.get(REPOSITORY.casefold(), ""),
        moves=moves,
    )


def parse(text: str, path: Path) -> tuple[RadarFile | None, list[Problem]]:
    """The rings and items of a tech-radar JSON file, or the problems that stop its import."""
    text = text.removeprefix("\ufeff")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return None, [Problem(path, error.lineno, error.colno, f"not valid JSON: {error.msg}")]
    if not isinstance(data, dict) or not all(
        isinstance(data.get(key), list) for key in ("quadrants", "rings", "entries")
    ):
        return None, [Problem(path, 1, 1, "expected an object with quadrants, rings and entries")]
    rings, quadrants = [], {}
    for ring in data["rings"]:
        if not isinstance(ring, dict) or _strings(ring, ("id", "name")) is not None:
            return None, [Problem(path, 1, 1, "every ring needs a text id and name")]
        rings.append(RingRef(ring["id"], ring["name"]))
    for quadrant in data["quadrants"]:
        if not isinstance(quadrant, dict) or _strings(quadrant, ("id", "name")) is not None:
            return None, [Problem(path, 1, 1, "every quadrant needs a text id and name")]
        quadrants[quadrant["id"]] = quadrant["name"]
    ring_ids = {ring.id for ring in rings}
    problems: list[Problem] = []
    items: list[RadarItem] = []
    seen: dict[str, int] = {}
    for entry, line in zip(data["entries"], array_lines(text, "entries"), strict=True):
        found = _entry(entry, line, path, quadrants, ring_ids)
        if isinstance(found, Problem):
            problems.append(found)
            continue
        first = seen.setdefault(found.name.casefold(), len(items))
        if first != len(items):
            message = f"{found.name!r} is also on line {items[first].line}"
            problems.append(Problem(path, line, 1, message))
            continue
        items.append(found)
    if problems:
        return None, problems
    return RadarFile(tuple(rings), tuple(items)), []
