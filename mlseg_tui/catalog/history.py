"""THE reader of a tool's history: the loader and the store's surgical edit read it alike.

The loader reads leniently, reporting every problem and keeping the entries it can read;
the edit reads strictly and wants None for anything it cannot read, rather than guess.
Both go through `read_history`, so they never disagree on what an entry means.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from mlseg_tui.domain.model import HistoryEntry

HISTORY_FIELDS = frozenset({"date", "from", "to", "reason", "previous_reasoning", "renamed_from"})
_TEXT_FIELDS = ("from", "to", "reason", "previous_reasoning", "renamed_from")

# Told of each problem: the key it is about, the message, "error" or "warning".
ProblemSink = Callable[[str, str, str], None]


def history_date(value: Any) -> dt.date | None:
    """A history entry's `date`: a TOML date, the date of a date-time, or an ISO string."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return value if isinstance(value, dt.date) else None


def read_history(value: Any, report: ProblemSink | None = None) -> tuple[HistoryEntry, ...] | None:
    """The entries of a tool's parsed `history` value (an array of tables).

    Without `report`: None as soon as an entry cannot be read (not a table, no valid date,
    a text that is not a string). With `report`: each such problem is reported instead,
    an entry without a valid date is left out and a text that is not a string reads as
    ""; an entry without `from` or `to` (an error) and an unknown field (a warning) are
    reported too, and the entries read are returned.
    """
    if not isinstance(value, list) or not all(isinstance(entry, dict) for entry in value):
        if report is None:
            return None
        report("history", "`history` must be an array of tables ([[tools.history]])", "error")
        return ()
    entries = []
    for table in value:
        date = history_date(table.get("date"))
        if date is None:
            if report is None:
                return None
            report("date", "history `date` must be a date like 2026-11-27", "error")
            continue
        texts = []
        for key in _TEXT_FIELDS:
            text = table.get(key, "")
            if not isinstance(text, str):
                if report is None:
                    return None
                report(key, f"history `{key}` must be a string", "error")
                text = ""
            texts.append(text)
        if report is not None:
            if not texts[0] or not texts[1]:
                report("history", "a history entry needs `from` and `to`", "error")
            for key in sorted(table.keys() - HISTORY_FIELDS):
                report(key, f"unknown field `history.{key}` (ignored)", "warning")
        entries.append(HistoryEntry(date, *texts))
    return tuple(entries)
