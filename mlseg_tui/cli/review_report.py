"""The review (domain/review.py) as the CLI prints it: grouped text, or JSON for scripts."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from mlseg_tui.domain.criteria import assess
from mlseg_tui.domain.model import Catalog
from mlseg_tui.domain.review import KIND_TITLES, KINDS, ReviewItem
from mlseg_tui.domain.text import one_line, plural

NOUNS = {
    "disagreement": "disagreement",
    "unanswered": "tool without all criteria answered",
    "stale": "stale reasoning",
    "tentative": "tentative placement",
}


def _file(catalog: Catalog, item: ReviewItem) -> str:
    path = catalog.tools[item.tool_index].source.path
    try:
        return str(Path(path).relative_to(catalog.root))
    except ValueError:
        return str(path)


def as_text(catalog: Catalog, items: Sequence[ReviewItem]) -> str:
    """Each kind's items under its title, one line each: the tool, its file, the reason."""
    if not items:
        return "Nothing to review."
    lines: list[str] = []
    for kind in KINDS:
        mine = [item for item in items if item.kind == kind]
        if not mine:
            continue
        if lines:
            lines.append("")
        lines.append(f"{KIND_TITLES[kind]} ({len(mine)})")
        for item in mine:
            lines.append(
                f"  {one_line(item.name)} ({one_line(_file(catalog, item))}): "
                f"{one_line(item.reason)}"
            )
    counts = [
        plural(count, NOUNS[kind], "stale reasonings" if kind == "stale" else None)
        for kind in KINDS
        if (count := sum(item.kind == kind for item in items))
    ]
    lines += ["", f"{plural(len(items), 'item')} to review: {', '.join(counts)}"]
    return "\n".join(lines)


def as_json(catalog: Catalog, items: Sequence[ReviewItem]) -> str:
    """The items as a JSON array, with each tool's score, suggestion and placement."""
    records = []
    metric = catalog.metric
    for item in items:
        tool = catalog.tools[item.tool_index]
        assessment = assess(metric, tool.criteria, tool.segment)
        records.append(
            {
                "kind": item.kind,
                "tool": tool.name,
                "file": _file(catalog, item),
                "segment": tool.segment,
                "score": None if assessment.score is None else round(assessment.score, 4),
                "suggested": assessment.suggested,
                "reason": item.reason,
            }
        )
    return json.dumps(records, indent=2, ensure_ascii=False)
