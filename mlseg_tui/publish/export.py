"""One entry point for every publishing format: the text, and notes for the user."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from mlseg_tui.domain.model import Catalog, Tool
from mlseg_tui.domain.text import plural
from mlseg_tui.publish import backstage, byor, landscape, page
from mlseg_tui.publish.radar import QuadrantScheme, RadarLayout, build_layout

FORMATS = ("byor-csv", "byor-json", "backstage", "landscape2", "html")
DEFAULT_TITLE = "MLOps segmentation"


@dataclass(frozen=True)
class ExportOptions:
    quadrants: QuadrantScheme = field(default_factory=QuadrantScheme)
    include_other: bool = True  # the "other" segment as the outermost ring
    as_of: dt.date = field(default_factory=dt.date.today)
    logos: Mapping[str, str] = field(default_factory=dict)  # logo file names found
    title: str = DEFAULT_TITLE


@dataclass(frozen=True)
class Exported:
    text: str
    notes: list[str]  # what the reader of the output should know (never part of it)


def _omitted(layout: RadarLayout) -> list[str]:
    if not layout.omitted:
        return []
    names = ", ".join(tool.name for tool in layout.omitted)
    return [f"left off the radar ({plural(len(layout.omitted), 'tool')}): {names}"]


def export(
    catalog: Catalog, fmt: str, options: ExportOptions, tools: Sequence[Tool] | None = None
) -> Exported:
    """The catalog (or `tools` of it) in `fmt`; LayoutError or LandscapeError when the
    format cannot hold it as asked, with what to change."""
    chosen = catalog.tools if tools is None else tools
    if fmt == "html":
        return Exported(page.render(catalog, chosen, options.title, options.as_of), [])
    layout = build_layout(catalog, chosen, options.quadrants, options.include_other)
    if fmt == "byor-csv":
        return Exported(byor.as_csv(layout), byor.setup_notes(layout) + _omitted(layout))
    if fmt == "byor-json":
        return Exported(byor.as_json(layout), byor.setup_notes(layout) + _omitted(layout))
    if fmt == "backstage":
        return Exported(backstage.as_json(layout, options.as_of), _omitted(layout))
    if fmt == "landscape2":
        return Exported(landscape.as_yaml(layout, options.logos), _omitted(layout))
    raise ValueError(f"unknown format {fmt!r} (expected one of {', '.join(FORMATS)})")
