"""Thoughtworks' Build Your Own Radar: its CSV and JSON sheets, out and in.

The columns and rules follow thoughtworks/build-your-own-radar (README.md,
src/util/contentValidator.js, src/util/inputSanitizer.js, src/graphing/config.js and
src/util/factory.js at 9e1f13a6); docs/formats.md maps every field.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path

from mlseg_tui.domain.model import Problem
from mlseg_tui.domain.text import plural
from mlseg_tui.publish.html_text import html_to_text, text_to_html
from mlseg_tui.publish.items import RadarFile, RadarItem, RingRef
from mlseg_tui.publish.json_lines import array_lines
from mlseg_tui.publish.radar import NEW, LayoutError, RadarLayout, movement

# The documented columns in the README's order, then the optional `status`.
COLUMNS = ("name", "ring", "quadrant", "isNew", "description", "status")
REQUIRED = ("name", "ring", "quadrant", "description")  # and isNew or status
BYOR_QUADRANTS = 4  # src/graphing/config.js: isValidConfig wants exactly four
BYOR_MAX_RINGS = 4


def rows(layout: RadarLayout) -> list[dict[str, str]]:
    """One BYOR row a placed tool; every value a string (BYOR trims each one)."""
    if len(layout.quadrants) != BYOR_QUADRANTS:
        raise LayoutError(
            f"Build Your Own Radar needs exactly four quadrants, not {len(layout.quadrants)}: "
            "name three or four tags"
        )
    if len(layout.rings) > BYOR_MAX_RINGS:
        raise LayoutError("Build Your Own Radar draws at most four rings")
    out = []
    for tool, ring, quadrant in layout.placed:
        status = movement(tool, layout)
        out.append(
            {
                "name": tool.name,
                "ring": layout.rings[ring].title,
                "quadrant": quadrant,
                "isNew": "TRUE" if status == NEW else "FALSE",
                "description": text_to_html(tool.reasoning),
                "status": status,
            }
        )
    return out


def as_csv(layout: RadarLayout) -> str:
    buffer = io.StringIO()
    # Every field quoted: a value with a bare carriage return stays one field.
    writer = csv.DictWriter(buffer, COLUMNS, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(layout))
    return buffer.getvalue()


def as_json(layout: RadarLayout) -> str:
    return json.dumps(rows(layout), indent=2, ensure_ascii=False) + "\n"


def setup_notes(layout: RadarLayout) -> list[str]:
    """What a self-hosted BYOR needs to draw this file: its ring and quadrant names."""
    rings = json.dumps([ring.title for ring in layout.rings], ensure_ascii=False)
    quadrants = json.dumps(list(layout.quadrants), ensure_ascii=False)
    notes = [
        "Build Your Own Radar drops blips whose ring or quadrant is not configured; "
        f"run it with RINGS='{rings}' QUADRANTS='{quadrants}'"
    ]
    # Its sanitizer drops tags from names and escapes <, > and &, turning back only the
    # first "&amp;" (src/util/inputSanitizer.js).
    tagged = [
        tool.name
        for tool, _, _ in layout.placed
        if "<" in tool.name or ">" in tool.name or tool.name.count("&") > 1
    ]
    if tagged:
        notes.append(
            "Build Your Own Radar strips HTML-like text from names; these will show "
            f"differently: {', '.join(tagged)}"
        )
    return notes


# --- reading ----------------------------------------------------------------------------


def _missing_columns(columns: Iterable[str]) -> list[str]:
    present = set(columns)
    missing = [name for name in REQUIRED if name not in present]
    if "isNew" not in present and "status" not in present:
        missing.append("isNew or status")
    return missing


def _item(values: dict[str, str], line: int, path: Path) -> tuple[RadarItem | None, Problem | None]:
    # BYOR trims every value and reads the description as HTML.
    name, ring, quadrant = (values.get(key, "").strip() for key in ("name", "ring", "quadrant"))
    reasoning = html_to_text(values.get("description", "").strip()).strip()
    for field, value in (("name", name), ("ring", ring), ("quadrant", quadrant)):
        if not value:
            return None, Problem(path, line, 1, f"empty {field}")
    if not reasoning:
        return None, Problem(
            path, line, 1, f"{name!r} has no description (it becomes the tool's reasoning)"
        )
    return RadarItem(name, ring, quadrant, reasoning, line), None


def _collect(
    entries: Iterable[tuple[dict[str, str], int]], path: Path
) -> tuple[RadarFile | None, list[Problem]]:
    problems: list[Problem] = []
    items: list[RadarItem] = []
    seen: dict[str, int] = {}
    for values, line in entries:
        item, problem = _item(values, line, path)
        if problem is not None:
            problems.append(problem)
            continue
        assert item is not None
        first = seen.setdefault(item.name.casefold(), len(items))
        if first != len(items):
            message = f"{item.name!r} is also on line {items[first].line}"
            problems.append(Problem(path, line, 1, message))
            continue
        items.append(item)
    if problems:
        return None, problems
    rings = tuple(RingRef(ring, ring) for ring in dict.fromkeys(item.ring for item in items))
    return RadarFile(rings, tuple(items)), []


def parse_csv(text: str, path: Path) -> tuple[RadarFile | None, list[Problem]]:
    """The items of a BYOR CSV sheet, or the problems that stop its import."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        header = [column.strip() for column in next(reader, [])]
        missing = _missing_columns(header)
        if missing:
            return None, [Problem(path, 1, 1, f"missing column {', '.join(missing)}")]
        entries: list[tuple[dict[str, str], int]] = []
        start = reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                if len(row) != len(header):
                    message = f"{plural(len(row), 'field')} where the header has {len(header)}"
                    return None, [Problem(path, start, 1, message)]
                entries.append((dict(zip(header, row, strict=True)), start))
            start = reader.line_num + 1
    except csv.Error as error:
        return None, [Problem(path, reader.line_num or 1, 1, f"not valid CSV: {error}")]
    return _collect(entries, path)


def parse_json(text: str, path: Path) -> tuple[RadarFile | None, list[Problem]]:
    """The items of a BYOR JSON sheet (an array of objects of strings), or its problems."""
    text = text.removeprefix("\ufeff")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return None, [Problem(path, error.lineno, error.colno, f"not valid JSON: {error.msg}")]
    if not isinstance(data, list) or not data:
        return None, [Problem(path, 1, 1, "expected a non-empty array of objects")]
    lines = array_lines(text)
    entries: list[tuple[dict[str, str], int]] = []
    for element, line in zip(data, lines, strict=True):
        if not isinstance(element, dict):
            return None, [Problem(path, line, 1, "expected an object")]
        values = {str(key).strip(): value for key, value in element.items()}
        wrong = [key for key, value in values.items() if not isinstance(value, str)]
        if wrong:
            message = f"{', '.join(wrong)}: BYOR reads every value as a string"
            return None, [Problem(path, line, 1, message)]
        missing = _missing_columns(values)
        if missing:
            return None, [Problem(path, line, 1, f"missing {', '.join(missing)}")]
        entries.append((values, line))
    return _collect(entries, path)
