"""segments.toml: the catalog's segments with their places on the scale and in the essay's
list (the domain puts them in display order), strictly validated."""

from __future__ import annotations

import os
import re
from pathlib import Path

from mlseg_tui.catalog.metric import read_metric
from mlseg_tui.catalog.source import TOOL_HEADER as TOOLS_HEADER
from mlseg_tui.catalog.source import header_lines, parse_toml, read_text
from mlseg_tui.catalog.walk import SEGMENTS_FILE
from mlseg_tui.domain.criteria import Metric
from mlseg_tui.domain.model import Problem, Segment

SEGMENT_FIELDS = frozenset(
    {
        "id",
        "title",
        "definition",
        "scale",
        "source",
        "note",
        "essay_heading",
        "scale_position",
        "essay_position",
    }
)
POSITION_FIELDS = ("scale_position", "essay_position")
SEGMENT_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# The number keys 1-9 show the panes and pick a segment in the move picker.
MAX_SEGMENTS = 9
SEGMENT_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*segments[ \t]*\]\]", re.MULTILINE)
TOP_LEVEL_KEYS = frozenset({"segments", "criteria", "metric"})


def load_segments(root: Path, problems: list[Problem]) -> list[Segment] | None:
    """The segments of `root`'s segments.toml (None when unusable, with the reasons)."""
    return read_segments_file(root, problems)[0]


def read_segments_file(
    root: Path, problems: list[Problem]
) -> tuple[list[Segment] | None, Metric | None]:
    """The segments and the metric of `root`'s segments.toml (both None when the segments
    are unusable); every problem is reported. What of the metric cannot be read is
    reported and left out."""
    path = root / SEGMENTS_FILE
    if not os.path.lexists(path):
        problems.append(
            Problem(path, 1, 1, f"missing {SEGMENTS_FILE}: the catalog defines no segments")
        )
        return None, None
    source = read_text(path, problems)  # refuses a FIFO, a device, a folder: says which
    if source is None:
        return None, None
    document = parse_toml(source, problems)
    if document is None:
        return None, None
    tables = document.get("segments")
    _warn_other_keys(path, source.text, document, problems)
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        problems.append(Problem(path, 1, 1, "expected [[segments]] tables"))
        return None, None
    segments: list[Segment] = []
    seen: set[str] = set()
    failed = False
    _, lines = header_lines(SEGMENT_HEADER, source.text)
    for index, table in enumerate(tables):
        line = lines[index] if index < len(lines) else 1
        values = {}
        for key in ("id", "title", "definition"):
            value = table.get(key)
            if not isinstance(value, str) or not value.strip():
                problems.append(Problem(path, line, 1, f"segment needs a non-empty string `{key}`"))
                failed = True
            values[key] = value if isinstance(value, str) else ""
        for key in ("scale", "source", "note", "essay_heading"):
            value = table.get(key, "")
            if not isinstance(value, str):
                problems.append(Problem(path, line, 1, f"`{key}` must be a string"))
                failed = True
                value = ""
            values[key] = value
        for key in sorted(table.keys() - SEGMENT_FIELDS):
            problems.append(Problem(path, line, 1, f"unknown field `{key}`", "warning"))
        for key in POSITION_FIELDS:
            position = table.get(key)
            if position is not None and (type(position) is not int or position < 1):
                problems.append(Problem(path, line, 1, f"`{key}` must be a whole number from 1"))
                failed = True
                position = None
            values[key] = position
        segment_id = values["id"]
        if segment_id and not SEGMENT_ID.match(segment_id):
            problems.append(
                Problem(
                    path,
                    line,
                    1,
                    f"segment id {segment_id!r} must be lowercase letters, digits and hyphens",
                )
            )
            failed = True
        elif segment_id in seen:
            problems.append(Problem(path, line, 1, f"segment {segment_id!r} is defined twice"))
            failed = True
        seen.add(segment_id)
        segments.append(Segment(**values))
    failed = _check_positions(path, segments, lines, problems) or failed
    if not segments or len(segments) > MAX_SEGMENTS:
        problems.append(
            Problem(
                path, 1, 1, f"define from 1 to {MAX_SEGMENTS} [[segments]] (found {len(segments)})"
            )
        )
        failed = True
    if failed:
        return None, None
    return segments, read_metric(document, source, [s.id for s in segments], problems)


def _warn_other_keys(
    path: Path, text: str, document: dict[str, object], problems: list[Problem]
) -> None:
    """Keys segments.toml does not use are ignored, and said so; tools most of all."""
    for key in sorted(document.keys() - TOP_LEVEL_KEYS):
        if key == "tools":
            _, lines = header_lines(TOOLS_HEADER, text)
            problems.append(
                Problem(
                    path,
                    lines[0] if lines else 1,
                    1,
                    "[[tools]] in segments.toml are ignored: put tools in other .toml files",
                    "warning",
                )
            )
        else:
            problems.append(
                Problem(path, 1, 1, f"unknown top-level key `{key}` (ignored)", "warning")
            )


def _check_positions(
    path: Path, segments: list[Segment], lines: list[int], problems: list[Problem]
) -> bool:
    """True (and each problem reported) when two segments share a scale or essay position."""
    failed = False
    for key in POSITION_FIELDS:
        taken: dict[int, str] = {}
        for index, segment in enumerate(segments):
            position = getattr(segment, key)
            if position is None:
                continue
            if position in taken:
                line = lines[index] if index < len(lines) else 1
                message = f"`{key}` {position} is taken by segment {taken[position]!r}"
                problems.append(Problem(path, line, 1, message))
                failed = True
            taken.setdefault(position, segment.id)
    return failed
