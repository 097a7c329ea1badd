"""One reader of a tool's history, with a strict face (the surgical edit) and a reporting
one (the loader)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mlseg_tui.catalog.history import history_date, read_history
from mlseg_tui.domain.model import HistoryEntry

DAY = dt.date(2026, 1, 2)
GOOD = {"date": DAY, "from": "middle", "to": "narrow", "reason": "r"}


def test_dates_come_as_dates_date_times_or_iso_strings() -> None:
    assert history_date(DAY) == DAY
    assert history_date(dt.datetime(2026, 1, 2, 10, 30)) == DAY
    assert history_date("2026-01-02") == DAY
    assert history_date("soon") is None and history_date(3) is None


def test_the_strict_reader_reads_what_the_loader_keeps() -> None:
    assert read_history([GOOD]) == (HistoryEntry(DAY, "middle", "narrow", "r", ""),)
    assert read_history([]) == ()
    # What the loader only reports does not make an entry unreadable.
    odd = {"date": "2026-01-02", "to": "narrow", "colour": "red"}
    assert read_history([odd]) == (HistoryEntry(DAY, "", "narrow", "", ""),)


@pytest.mark.parametrize(
    "value",
    ["x", [1], [GOOD, "x"], [{**GOOD, "date": "soon"}], [{**GOOD, "reason": 3}]],
    ids=["not-a-list", "not-tables", "one-not-a-table", "bad-date", "text-not-a-string"],
)
def test_the_strict_reader_refuses_anything_it_cannot_read(value: Any) -> None:
    assert read_history(value) is None


def test_the_reporting_reader_reports_each_problem_and_keeps_what_it_can() -> None:
    reported: list[tuple[str, str, str]] = []
    value = [
        {**GOOD, "date": "soon"},
        {**GOOD, "reason": 3, "colour": "red"},
        {"date": DAY, "to": "narrow"},
    ]
    entries = read_history(value, lambda *problem: reported.append(problem))
    assert entries == (
        HistoryEntry(DAY, "middle", "narrow", "", ""),
        HistoryEntry(DAY, "", "narrow", "", ""),
    )
    assert reported == [
        ("date", "history `date` must be a date like 2026-11-27", "error"),
        ("reason", "history `reason` must be a string", "error"),
        ("colour", "unknown field `history.colour` (ignored)", "warning"),
        ("history", "a history entry needs `from` and `to`", "error"),
    ]
    reported.clear()
    assert read_history("x", lambda *problem: reported.append(problem)) == ()
    assert [key for key, _, _ in reported] == ["history"]
