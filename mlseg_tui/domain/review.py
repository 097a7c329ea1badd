"""The review: what an analyst should look at, each with its reason. Not errors: the
placement is the analyst's judgement, and the review only points at what may no longer
hold.

- a disagreement: the criteria's score suggests another segment than the placement;
- criteria not answered (all or some);
- stale reasoning: older than a later change of the tool's status, owner, name or licence,
  or not revised for longer than the metric's `stale_after_years`;
- a tentative placement.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from mlseg_tui.domain.criteria import Metric, assess
from mlseg_tui.domain.model import Catalog, Tool
from mlseg_tui.domain.placement import HIDDEN
from mlseg_tui.domain.text import plural

DISAGREEMENT, UNANSWERED, STALE, TENTATIVE = "disagreement", "unanswered", "stale", "tentative"
# In the order the review lists them.
KINDS = (DISAGREEMENT, UNANSWERED, STALE, TENTATIVE)
KIND_TITLES = {
    DISAGREEMENT: "Placement and criteria disagree",
    UNANSWERED: "Criteria not answered",
    STALE: "Stale reasoning",
    TENTATIVE: "Tentative placements",
}
# Event kinds that change what a placement rests on (catalog-format.md, [[tools.events]]).
STATUS_CHANGES = frozenset({"acquired", "renamed", "owner", "licence", "status"})


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One thing to look at: its kind, the tool (by index in the catalog) and why."""

    kind: str
    tool_index: int
    name: str
    reason: str


def reasoning_date(tool: Tool) -> dt.date | None:
    """When the reasoning was last written or confirmed: the later of its `reviewed` date
    and its last history entry (a move or an edit records one), or None when undated."""
    dates = [entry.date for entry in tool.history]
    if tool.reviewed is not None:
        dates.append(tool.reviewed)
    return max(dates) if dates else None


def earliest_day(date: str) -> dt.date | None:
    """The first day an event dated "YYYY", "YYYY-MM" or "YYYY-MM-DD" can have happened."""
    parts = date.split("-")
    try:
        numbers = [int(part) for part in parts]
        if len(numbers) == 1:
            return dt.date(numbers[0], 1, 1)
        if len(numbers) == 2:
            return dt.date(numbers[0], numbers[1], 1)
        if len(numbers) == 3:
            return dt.date(*numbers)
    except ValueError:
        return None
    return None


def years_later(date: dt.date, years: int) -> dt.date:
    try:
        return date.replace(year=date.year + years)
    except ValueError:  # 29 February
        return date.replace(year=date.year + years, day=28)


def stale_reason(tool: Tool, today: dt.date, years: int) -> str | None:
    """Why `tool`'s reasoning is stale, or None when it is not: a change of its status,
    owner, name or licence (`tool.events`) dated after the reasoning, or no revision for
    over `years` years. An event dated only by year or month counts from its first day,
    so one that may have come before the reasoning does not make it stale."""
    written = reasoning_date(tool)
    if written is None:
        return "the reasoning has no date: no `reviewed` date and no history entry"
    later = [
        event
        for event in tool.events
        if event.kind in STATUS_CHANGES
        and (day := earliest_day(event.date)) is not None
        and day > written
    ]
    if later:
        event = later[-1]
        return (
            f"reasoning of {written.isoformat()} is older than a change "
            f"({event.kind}, {event.date}): {event.what}"
        )
    if years_later(written, years) < today:
        return f"reasoning not revised since {written.isoformat()} (over {plural(years, 'year')})"
    return None


def review(
    catalog: Catalog, today: dt.date, segment_of: Sequence[str] | None = None
) -> list[ReviewItem]:
    """Every review item of `catalog`, by kind (KINDS' order), then catalog order.

    `segment_of` gives each tool's current segment by index (a session's placement); by
    default the tools' own. A tool the view hides (the essay view) is left out.
    """
    metric: Metric = catalog.metric
    found: dict[str, list[ReviewItem]] = {kind: [] for kind in KINDS}
    for index, tool in enumerate(catalog.tools):
        placed = segment_of[index] if segment_of is not None else tool.segment
        if placed == HIDDEN:
            continue

        def add(kind: str, reason: str) -> None:
            found[kind].append(ReviewItem(kind, index, tool.name, reason))  # noqa: B023

        if metric.criteria:
            assessment = assess(metric, tool.criteria, placed)
            if assessment.disagrees and assessment.score is not None:
                add(
                    DISAGREEMENT,
                    f"criteria score {assessment.score:.2f} suggests "
                    f"{catalog.segment_title(assessment.suggested or '')}; placed in "
                    f"{catalog.segment_title(placed)}",
                )
            if not tool.criteria:
                add(UNANSWERED, "no criteria answered")
            elif assessment.missing:
                add(UNANSWERED, f"not answered: {', '.join(assessment.missing)}")
        reason = stale_reason(tool, today, metric.stale_after_years)
        if reason is not None:
            add(STALE, reason)
        if tool.tentative:
            add(TENTATIVE, "the placement is marked tentative")
    return [item for kind in KINDS for item in found[kind]]
