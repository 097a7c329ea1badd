"""The two orders of a catalog's segments, both stated in segments.toml.

The scale order runs along the essay's hand-holding metric, from its heavy end
(`scale_position` 1) to its light end, and then lists the segments the essay left off
the scale ("Other"). It is the display order: the panes, the move picker, the number
keys, the steps of a move to the neighbouring segment and the CLI's listings follow it.
The essay order (`essay_position`) is the order of the groups in the essay's own list,
kept by the markdown export.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from mlseg_tui.domain.text import name_key

if TYPE_CHECKING:
    from mlseg_tui.domain.model import Segment, Tool


def essay_ordered(segments: Sequence[Segment]) -> list[Segment]:
    """`segments` in the essay's list order; those without a position keep their order,
    after the others."""
    return sorted(segments, key=lambda s: (s.essay_position is None, s.essay_position or 0))


def scale_ordered(segments: Sequence[Segment]) -> list[Segment]:
    """`segments` on the scale from its heavy end to its light end, then those off the
    scale in the essay's order (equal positions keep the given order)."""
    essay_rank = {segment.id: rank for rank, segment in enumerate(essay_ordered(segments))}
    return sorted(
        segments,
        key=lambda s: (s.scale_position is None, s.scale_position or 0, essay_rank[s.id]),
    )


def neighbour(segments: Sequence[Segment], segment_id: str, step: int) -> str | None:
    """The id of the segment `step` places after `segment_id` in `segments` (given in
    scale order; negative: towards the heavy end); None past either end, or when
    `segment_id` is not among them."""
    ids = [segment.id for segment in segments]
    if segment_id not in ids:
        return None
    target = ids.index(segment_id) + step
    return ids[target] if 0 <= target < len(ids) else None


def listed(segments: Sequence[Segment], tools: Iterable[Tool]) -> list[Tool]:
    """`tools` as a listing shows them: by segment in `segments`' order (tools of other
    segments last), then by name, ignoring case and accents, as the panes do."""
    position = {segment.id: rank for rank, segment in enumerate(segments)}
    return sorted(
        tools, key=lambda tool: (position.get(tool.segment, len(position)), name_key(tool.name))
    )


def closest_segment(segments: Sequence[Segment], text: str) -> Segment | None:
    """The segment whose id or title a mistyped `text` most likely meant (`Narow`,
    `midle`), or None when none is close: for a did-you-mean."""
    from difflib import get_close_matches

    wanted = text.strip().casefold()
    names: dict[str, Segment] = {}
    for segment in segments:
        # Its id, its title and the title's first word ("Middle" of "Middle of the road").
        for name in (segment.id, segment.title, *segment.title.split()[:1]):
            names.setdefault(name.casefold(), segment)
    found = get_close_matches(wanted, list(names), n=1, cutoff=0.7)
    return names[found[0]] if found else None
