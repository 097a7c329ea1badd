"""A tool's `[tools.criteria]` table: its answers to the metric's criteria, validated
against the criteria of segments.toml, every problem at its line and column."""

from __future__ import annotations

import re
from typing import Any

from mlseg_tui.catalog.source import SourceText
from mlseg_tui.domain.criteria import Answers, Criterion, Metric
from mlseg_tui.domain.model import Problem

_CRITERIA_HEADER = re.compile(r"^[ \t]*\[[ \t]*tools[ \t]*\.[ \t]*criteria[ \t]*\]", re.MULTILINE)


def clean_answers(value: Any, metric: Metric | None) -> Answers | None:
    """The answers of a table with nothing to report, or None to let `read_answers` decide."""
    if type(value) is not dict:
        return None
    answers = []
    for key, given in value.items():
        if type(given) is str:
            chosen: tuple[str, ...] = (given,)
        elif type(given) is list and all(type(item) is str for item in given):
            chosen = tuple(given)
        else:
            return None
        if metric is not None:
            criterion = metric.criterion(key)
            if criterion is None or criterion.multiple != (type(given) is list):
                return None
            if criterion.heaviness(chosen) is None:
                return None
        answers.append((key, chosen))
    return tuple(answers)


def read_answers(
    value: Any,
    metric: Metric | None,
    source: SourceText,
    index: int,
    problems: list[Problem],
) -> tuple[Answers, bool]:
    """The valid answers of the `index`-th tool's `criteria` value, and whether any
    problem was an error (each is reported)."""
    place = _Place(source, index)
    failed = False

    def problem(offset: int | None, message: str) -> None:
        nonlocal failed
        line, column = place.line_column(offset)
        problems.append(Problem(source.path, line, column, message))
        failed = True

    if not isinstance(value, dict):
        problem(place.key("criteria"), "`criteria` must be a table ([tools.criteria])")
        return (), failed
    answers = []
    for key, given in value.items():
        at = place.key(key)
        criterion = metric.criterion(key) if metric is not None else None
        if metric is not None and criterion is None:
            known = (
                ", ".join(c.id for c in metric.criteria)
                or "none: segments.toml defines no criteria"
            )
            problem(at, f"unknown criterion `{key}` (expected one of {known})")
            continue
        chosen = _chosen(key, given, criterion, at, problem)
        if chosen is None:
            continue
        if criterion is not None:
            bad = [item for item in chosen if item not in criterion.values]
            for item in bad:
                problem(
                    place.value(item, at),
                    f"`{key}`: {item!r} is not one of {', '.join(criterion.values)}",
                )
            if bad:
                continue
            if len(set(chosen)) != len(chosen):
                problem(at, f"`{key}` names a value twice")
                continue
        answers.append((key, chosen))
    return tuple(answers), failed


def _chosen(
    key: str, given: Any, criterion: Criterion | None, at: int | None, problem: Any
) -> tuple[str, ...] | None:
    """`given` as a tuple of values, or None (reported) when it has the wrong shape."""
    if isinstance(given, str):
        if criterion is not None and criterion.multiple:
            problem(at, f'`{key}` takes an array of values, e.g. {key} = ["{given}"]')
            return None
        return (given,)
    if isinstance(given, list) and all(isinstance(item, str) for item in given):
        if criterion is not None and not criterion.multiple:
            problem(at, f"`{key}` takes one value (a string): one of {', '.join(criterion.values)}")
            return None
        return tuple(given)
    problem(at, f"`{key}` must be a string or an array of strings")
    return None


class _Place:
    """Offsets of a tool's criteria keys and values in its file's text."""

    def __init__(self, source: SourceText, index: int) -> None:
        self.source = source
        self.start, self.end, _ = source.tool_span(index)
        header = _CRITERIA_HEADER.search(source.text, self.start, self.end)
        self.after = header.end() if header else self.start

    def key(self, key: str) -> int | None:
        """Where `key = ...` is set in the criteria table (or inline / dotted)."""
        name = re.escape(key)
        found = re.compile(rf'(?<![\w"-])(?:{name}|"{name}")[ \t]*=').search(
            self.source.text, self.after, self.end
        )
        return found.start() if found else None

    def value(self, value: str, after: int | None) -> int | None:
        """Where the string `value` is written, after the key at `after`."""
        if after is None:
            return None
        found = re.compile(rf"[\"']{re.escape(value)}[\"']").search(
            self.source.text, after, self.end
        )
        return found.start() if found else after

    def line_column(self, offset: int | None) -> tuple[int, int]:
        if offset is None:
            return self.source.position(self.start) if self.start else (1, 1)
        return self.source.position(offset)
