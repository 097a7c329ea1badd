"""The scale view's order: every shown tool by its hand-holding score, heaviest first,
tools without a score last; and where on an axis of some width a score falls."""

from __future__ import annotations

from collections.abc import Sequence

from mlseg_tui.domain.criteria import Metric
from mlseg_tui.domain.model import Catalog
from mlseg_tui.domain.placement import HIDDEN


def scale_order(catalog: Catalog, segment_of: Sequence[str] | None = None) -> list[int]:
    """The tool indices by score, highest first, then by name (ignoring case); tools with
    no score follow, by name. Tools hidden by the view (`segment_of` says HIDDEN) are left
    out."""
    metric = catalog.metric
    tools = catalog.tools
    keys = []
    for index, tool in enumerate(tools):
        if segment_of is not None and segment_of[index] == HIDDEN:
            continue
        score = metric.score(tool.criteria)
        keys.append((score is None, -(score or 0.0), tool.name.casefold(), index))
    keys.sort()
    return [key[3] for key in keys]


def axis_column(score: float, width: int) -> int:
    """The column (0 at the left, the heavy end) of `score` on an axis `width` wide."""
    if width <= 1:
        return 0
    return round((1.0 - min(max(score, 0.0), 1.0)) * (width - 1))


def band_columns(metric: Metric, width: int) -> list[int]:
    """The columns where a band starts (a guide line on the axis), the lowest band's left
    out: it starts at the light end itself."""
    return sorted({axis_column(band.start, width) for band in metric.bands if band.start > 0})


def filter_order(order: Sequence[int], keep: set[int]) -> list[int]:
    """`order` with only the tool indices of `keep` (a search's matches), in its order."""
    return [index for index in order if index in keep]
