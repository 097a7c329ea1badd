"""How a catalog becomes a radar: segments as rings in scale order, tools grouped into at
most four quadrants, and each tool's movement since the essay. Shared by every radar and
landscape format; docs/formats.md explains each choice."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from mlseg_tui.domain.model import Catalog, Segment, Tool
from mlseg_tui.domain.text import plural

# Rings follow the scale from its heavy end inwards; a segment off the scale ("other")
# comes after the scale, so it is the outermost ring.
OTHER_SEGMENT = "other"
MAX_QUADRANTS = 4
OTHER_QUADRANT = "Other"


def _tags(listing: str) -> frozenset[str]:
    return frozenset(tag.strip() for tag in listing.split("|"))


# The lifecycle stages that the default quadrants stand for, each with the tags that put
# a tool there. A tool goes to the stage of its first tag found here (its tags are in
# the order its file gives them); a tool with none goes to the last quadrant, which is
# therefore named for "other" too.
STAGES: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "Data",
        _tags(
            """data processing | data platform | data warehouse | data lake | storage |
            object storage | data | data assets | data versioning | data quality |
            data validation | data labelling | annotation | human feedback | lineage |
            feature store | feature engineering | feature serving | streaming | messaging |
            queues | event collection | customer data platform | vector database |
            embeddings | retrieval"""
        ),
    ),
    (
        "Experiments & training",
        _tags(
            """training | experiment tracking | model registry | automl | deep learning |
            notebooks | distributed computing | fine-tuning | hyperparameter tuning |
            prompt optimisation"""
        ),
    ),
    (
        "Deployment & serving",
        _tags(
            """deployment | serving | inference | packaging | model format | compiler |
            compilation | model optimisation | optimisation | llm | generative ai |
            llm framework | rag | agents | gateway | proxy | compute | serverless | apps | ui |
            demo"""
        ),
    ),
    (
        "Operations & other",
        _tags(
            """monitoring | observability | llm observability | tracing | evaluation |
            llm evaluation | testing | data drift | prompt management | orchestration |
            workflow | pipelines | scheduling | gpu | kubernetes | containers | ci/cd | ci |
            artifact storage | governance"""
        ),
    ),
)


class LayoutError(ValueError):
    """The catalog cannot be laid out as asked; the message says what to change."""


@dataclass(frozen=True, slots=True)
class QuadrantScheme:
    """How tools are grouped into quadrants: by lifecycle stage, or by named tags."""

    tags: tuple[str, ...] = ()  # empty: the lifecycle stages

    @classmethod
    def parse(cls, text: str) -> QuadrantScheme:
        """`stage`, or `tags:A,B,C` (one to four tags; fewer than four adds "Other")."""
        if text.strip() == "stage":
            return cls()
        if text.startswith("tags:"):
            names = tuple(name.strip() for name in text[len("tags:") :].split(","))
            names = tuple(name for name in names if name)
            if not 1 <= len(names) <= MAX_QUADRANTS:
                raise LayoutError("tags: takes one to four tag names, separated by commas")
            folded = [name.casefold() for name in names]
            if len(set(folded)) != len(folded):
                raise LayoutError("tags: names a tag twice")
            return cls(names)
        raise LayoutError(f"unknown quadrant scheme {text!r}: use stage or tags:A,B,C")

    def names(self) -> tuple[str, ...]:
        if not self.tags:
            return tuple(name for name, _ in STAGES)
        if len(self.tags) == MAX_QUADRANTS or any(
            tag.casefold() == OTHER_QUADRANT.casefold() for tag in self.tags
        ):
            return self.tags
        return (*self.tags, OTHER_QUADRANT)

    def quadrant_of(self, tool: Tool) -> str | None:
        """The tool's quadrant; None when the scheme has no place for it."""
        folded = [tag.casefold() for tag in tool.tags]
        if not self.tags:
            for tag in folded:
                for name, members in STAGES:
                    # An imported tool carries its quadrant's name as a tag.
                    if tag in members or tag == name.casefold():
                        return name
            return STAGES[-1][0]
        for name in self.tags:
            if name.casefold() in folded:
                return name
        names = self.names()
        return names[-1] if names[-1] == OTHER_QUADRANT else None


@dataclass(frozen=True, slots=True)
class RadarLayout:
    """Rings (segments, innermost first), quadrant names, and the tools placed on them."""

    rings: tuple[Segment, ...]
    quadrants: tuple[str, ...]
    placed: tuple[tuple[Tool, int, str], ...]  # tool, ring index, quadrant name
    omitted: tuple[Tool, ...]  # tools of a segment left off the radar

    def ring_index(self, segment_id: str) -> int | None:
        for index, ring in enumerate(self.rings):
            if ring.id == segment_id:
                return index
        return None


def scale_ordered(catalog: Catalog) -> list[Segment]:
    """The catalog's segments in scale order, as segments.toml states it (the domain keeps
    `Catalog.segments` in that order: segment_order.py)."""
    return list(catalog.segments)


def build_layout(
    catalog: Catalog,
    tools: Sequence[Tool],
    scheme: QuadrantScheme,
    include_other: bool = True,
) -> RadarLayout:
    """Place `tools` on rings and quadrants; LayoutError names the tools with no quadrant."""
    rings = tuple(
        segment
        for segment in scale_ordered(catalog)
        if include_other or segment.id != OTHER_SEGMENT
    )
    ring_of = {segment.id: index for index, segment in enumerate(rings)}
    placed: list[tuple[Tool, int, str]] = []
    omitted: list[Tool] = []
    homeless: list[str] = []
    for tool in tools:
        ring = ring_of.get(tool.segment)
        if ring is None:
            omitted.append(tool)
            continue
        quadrant = scheme.quadrant_of(tool)
        if quadrant is None:
            homeless.append(tool.name)
            continue
        placed.append((tool, ring, quadrant))
    if homeless:
        carry = "carries" if len(homeless) == 1 else "carry"
        raise LayoutError(
            f"{plural(len(homeless), 'tool')} {carry} none of the tags {', '.join(scheme.tags)}: "
            f"{', '.join(homeless)}; name at most three tags so that a fourth quadrant, "
            "Other, takes the rest"
        )
    placed.sort(key=lambda item: item[1])  # by ring, catalog order within a ring
    return RadarLayout(rings, scheme.names(), tuple(placed), tuple(omitted))


NEW, MOVED_IN, MOVED_OUT, NO_CHANGE = "New", "Moved In", "Moved Out", "No Change"


def movement(tool: Tool, layout: RadarLayout) -> str:
    """How the tool stands against the catalog's first edition, the 2020 essay: New when the
    essay did not list it, else moved in (toward the centre) or out across its history."""
    if tool.essay is None:
        return NEW
    if not tool.history:
        return NO_CHANGE
    now = layout.ring_index(tool.segment)
    then = layout.ring_index(tool.history[0].from_segment)
    if now is None or then is None:
        return NEW  # it was off this radar before
    if now < then:
        return MOVED_IN
    if now > then:
        return MOVED_OUT
    return NO_CHANGE


def slug(text: str) -> str:
    """An ASCII id: lower case, words joined by hyphens ("" when nothing is left)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def unique_slugs(names: Sequence[str], fallback: str) -> list[str]:
    """A distinct slug for each name, `fallback-N` where a name has no ASCII letters."""
    seen: set[str] = set()
    out = []
    for number, name in enumerate(names, start=1):
        base = slug(name) or f"{fallback}-{number}"
        candidate, suffix = base, 2
        while candidate in seen:
            candidate, suffix = f"{base}-{suffix}", suffix + 1
        seen.add(candidate)
        out.append(candidate)
    return out
