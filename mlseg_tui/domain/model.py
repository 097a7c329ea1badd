"""The catalog's data: plain Python, no Textual, no file I/O."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from mlseg_tui.domain.criteria import Answers, Metric
from mlseg_tui.domain.facts import FactSource, ToolEvent
from mlseg_tui.domain.segment_order import essay_ordered, neighbour, scale_ordered

# The four segment ids the essay defines, in its own list's order (the bundled catalog's).
SEGMENT_IDS = ("hand-holding", "narrow", "middle", "other")
# Shown after the name of a tool whose placement is hedged ("(Octo.ml?)" in the essay).
TENTATIVE_MARK = "?"


@dataclass(frozen=True, slots=True)
class Segment:
    """One group of the essay, as defined in `segments.toml`."""

    id: str
    title: str
    definition: str
    scale: str = ""
    source: str = ""
    note: str = ""
    # The group's heading in the essay's own list ("Narrow tools/products:").
    essay_heading: str = ""
    # Its place on the hand-holding scale, 1 at the heavy end (None: off the scale).
    scale_position: int | None = None
    # Its place among the groups of the essay's list (None: not in the essay).
    essay_position: int | None = None


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One saved change of a tool's placement: a move from one segment to another, a new
    reasoning (`from_segment` == `to_segment`), a rename, or several of these at once."""

    date: dt.date
    from_segment: str
    to_segment: str
    reason: str = ""
    previous_reasoning: str = ""
    # The name the tool had before this entry renamed it ("" when it was not renamed).
    renamed_from: str = ""

    @property
    def moved(self) -> bool:
        return self.from_segment != self.to_segment


@dataclass(frozen=True, slots=True)
class EssayListing:
    """What the 2020 essay itself wrote about a tool, kept apart from later edits."""

    listed_as: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()
    note: str = ""
    # Each listing's place in the essay's list (1 = first item), in `listed_as`'s order;
    # tools that share one combined item ("TVM/Halide") share its position.
    positions: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a tool was read from: the file and its position among that file's tools."""

    path: Path
    index: int


@dataclass(slots=True, eq=False)
class Tool:
    """One tool of the catalog. `segment`, `reasoning` and `history` change on a move."""

    name: str
    segment: str
    reasoning: str
    source: SourceRef
    aliases: tuple[str, ...] = ()
    tentative: bool = False
    kind: str = ""
    description: str = ""
    vendor: str = ""
    homepage: str = ""
    repository: str = ""
    open_source: bool | None = None
    license: str = ""
    status: str = ""
    tags: tuple[str, ...] = ()
    essay: EssayListing | None = None
    history: tuple[HistoryEntry, ...] = ()
    # The homepage no longer serves the product (a lapsed domain, a redirect to a buyer).
    homepage_historical: bool = False
    # The licence of a closed platform's open client SDK (an SPDX id).
    sdk_license: str = ""
    sources: tuple[FactSource, ...] = ()
    events: tuple[ToolEvent, ...] = ()
    # The answers to the metric's criteria ([tools.criteria]), in the file's order.
    criteria: Answers = ()
    # When an analyst last confirmed the placement (reasoning and criteria).
    reviewed: dt.date | None = None

    @property
    def keys(self) -> tuple[str, ...]:
        """Every string a user may type to find this tool: its name, then its aliases."""
        return (self.name, *self.aliases)


@dataclass(slots=True)
class Catalog:
    """Segments in display order (the scale's: `segment_order`) and every tool, as
    loaded from one folder."""

    root: Path
    segments: list[Segment]
    tools: list[Tool]
    # The hand-holding metric's criteria and bands, from segments.toml.
    metric: Metric = field(default_factory=Metric)

    def __post_init__(self) -> None:
        self.segments = scale_ordered(self.segments)

    def essay_segments(self) -> list[Segment]:
        """The segments in the order of the essay's list."""
        return essay_ordered(self.segments)

    def neighbour(self, segment_id: str, step: int) -> str | None:
        """The segment `step` places from `segment_id` in display order (None past an end)."""
        return neighbour(self.segments, segment_id, step)

    def segment(self, segment_id: str) -> Segment:
        for segment in self.segments:
            if segment.id == segment_id:
                return segment
        raise KeyError(segment_id)

    def segment_title(self, segment_id: str) -> str:
        """The segment's title, or its id when the catalog does not define it."""
        for segment in self.segments:
            if segment.id == segment_id:
                return segment.title
        return segment_id

    def segment_ids(self) -> list[str]:
        return [segment.id for segment in self.segments]

    def find(self, name: str) -> Tool | None:
        """The tool whose name or alias equals `name`, case-insensitively."""
        wanted = name.casefold()
        for tool in self.tools:
            if any(key.casefold() == wanted for key in tool.keys):
                return tool
        return None


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong (or doubtful) in a catalog, located as precisely as known."""

    path: Path
    line: int
    column: int
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"
