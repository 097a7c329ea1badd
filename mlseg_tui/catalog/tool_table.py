"""Validating one `[[tools]]` table into a Tool, every problem pinned to its key's line.

Most tables are clean, and a plain-type fast path makes their Tool at once; a table it
declines goes through the checks, which find and report every problem.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mlseg_tui.catalog.answers import clean_answers, read_answers
from mlseg_tui.catalog.facts import FactReader, clean_facts
from mlseg_tui.catalog.history import history_date, read_history
from mlseg_tui.catalog.source import SourceText
from mlseg_tui.domain.criteria import Answers, Metric
from mlseg_tui.domain.model import EssayListing, Problem, SourceRef, Tool

STRING_FIELDS = (
    "kind",
    "description",
    "vendor",
    "homepage",
    "repository",
    "license",
    "status",
)
KNOWN_FIELDS = frozenset(
    {
        "name",
        "segment",
        "reasoning",
        "aliases",
        "tentative",
        "open_source",
        "tags",
        "essay",
        "history",
        "criteria",
        "reviewed",
        *STRING_FIELDS,
        *("homepage_historical", "sdk_license", "sources", "events"),
    }
)
ESSAY_FIELDS = frozenset({"listed_as", "segments", "note", "positions"})


class _ToolChecker:
    """Validates one tool table; every problem is pinned to the key's line."""

    def __init__(self, source: SourceText, index: int, problems: list[Problem]) -> None:
        self.source = source
        self.index = index
        self.problems = problems
        self.failed = False

    def problem(self, key: str | None, message: str, severity: str = "error") -> None:
        line = self.source.key_line(self.index, key) if key else self.source.tool_line(self.index)
        self.problems.append(Problem(self.source.path, line, 1, message, severity))
        if severity == "error":
            self.failed = True

    def string(self, table: dict[str, Any], key: str, required: bool = False) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.problem(None, f"tool is missing the required field `{key}`")
            return ""
        if not isinstance(value, str):
            self.problem(key, f"`{key}` must be a string, not {_type_name(value)}")
            return ""
        if required and not value.strip():
            self.problem(key, f"`{key}` must not be empty")
        return value

    def strings(self, table: dict[str, Any], key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(key, f"`{key}` must be an array of strings, not {_type_name(value)}")
            return ()
        return tuple(value)

    def boolean(self, table: dict[str, Any], key: str) -> bool | None:
        value = table.get(key)
        if value is None or isinstance(value, bool):
            return value
        self.problem(key, f"`{key}` must be true or false, not {_type_name(value)}")
        return None


def _type_name(value: object) -> str:
    names = {str: "a string", bool: "a boolean", int: "an integer", float: "a float",
             list: "an array", dict: "a table"}  # fmt: skip
    return names.get(type(value), type(value).__name__)


def build_tool(
    table: Any,
    source: SourceText,
    index: int,
    segment_ids: set[str] | None,
    problems: list[Problem],
    metric: Metric | None = None,
) -> Tool | None:
    """A Tool from one `[[tools]]` table, or None when it has errors (all reported).

    `metric` is what the criteria answers are checked against (None: their shape only).
    """
    tool = _clean_tool(table, source.path, index, segment_ids, metric)
    if tool is not None:
        return tool
    check = _ToolChecker(source, index, problems)
    if not isinstance(table, dict):
        check.problem(None, "each entry of `tools` must be a table")
        return None
    name = check.string(table, "name", required=True)
    segment = check.string(table, "segment", required=True)
    reasoning = check.string(table, "reasoning", required=True)
    if segment and segment_ids is not None and segment not in segment_ids:
        check.problem(
            "segment",
            f"unknown segment id {segment!r} (expected one of {', '.join(sorted(segment_ids))})",
        )
    aliases = check.strings(table, "aliases")
    if any(not alias.strip() for alias in aliases):
        check.problem("aliases", "an alias must not be empty")
    tags = check.strings(table, "tags")
    tentative = check.boolean(table, "tentative") or False
    open_source = check.boolean(table, "open_source")
    strings = {key: check.string(table, key) for key in STRING_FIELDS}
    essay = _essay(table.get("essay"), check)
    history = read_history(table.get("history", []), check.problem) or ()
    facts = FactReader(source, index, problems)
    read = facts.read(table, strings["status"], strings["license"])
    criteria: Answers = ()
    if "criteria" in table:
        criteria, bad = read_answers(table["criteria"], metric, source, index, problems)
        check.failed = check.failed or bad
    reviewed = history_date(table.get("reviewed"))
    if "reviewed" in table and reviewed is None:
        check.problem("reviewed", "`reviewed` must be a date like 2026-12-05")
    for key in sorted(table.keys() - KNOWN_FIELDS):
        check.problem(key, f"unknown field `{key}` (ignored)", "warning")
    if check.failed or facts.failed:
        return None
    return Tool(
        name=name,
        segment=segment,
        reasoning=reasoning,
        source=SourceRef(source.path, index),
        aliases=aliases,
        tentative=tentative,
        open_source=open_source,
        tags=tags,
        essay=essay,
        history=history,
        homepage_historical=read.homepage_historical,
        sdk_license=read.sdk_license,
        sources=read.sources,
        events=read.events,
        criteria=criteria,
        reviewed=reviewed,
        **strings,
    )


FAST_FIELDS = KNOWN_FIELDS - {"history"}


def _clean_tool(
    table: Any,
    path: Path,
    index: int,
    segment_ids: set[str] | None,
    metric: Metric | None = None,
) -> Tool | None:
    """The Tool of a table with nothing to report, or None to let the checks decide.

    Most tables are clean; checking them with plain type tests here is much cheaper
    than the reporting path, which also finds every problem's line. Anything unusual
    (a history, a wrong type, an empty value, an unknown key) takes that path instead.
    """
    if type(table) is not dict or not table.keys() <= FAST_FIELDS:
        return None
    get = table.get
    name, segment, reasoning = get("name"), get("segment"), get("reasoning")
    if type(name) is not str or type(segment) is not str or type(reasoning) is not str:
        return None
    if not name.strip() or not segment.strip() or not reasoning.strip():
        return None
    if segment_ids is not None and segment not in segment_ids:
        return None
    aliases, tags = get("aliases", []), get("tags", [])
    if not _clean_strings(aliases, nonblank=True) or not _clean_strings(tags, nonblank=False):
        return None
    tentative, open_source = get("tentative", False), get("open_source")
    if type(tentative) is not bool or (open_source is not None and type(open_source) is not bool):
        return None
    strings = [get(key, "") for key in STRING_FIELDS]
    if not all(type(value) is str for value in strings):
        return None
    essay = get("essay")
    if essay is not None:
        essay = _clean_essay(essay)
        if essay is None:
            return None
    criteria = get("criteria")
    if criteria is not None:
        criteria = clean_answers(criteria, metric)
        if criteria is None:
            return None
    reviewed = get("reviewed")
    if reviewed is not None:
        reviewed = history_date(reviewed)
        if reviewed is None:
            return None
    kind, description, vendor, homepage, repository, license, status = strings
    facts = clean_facts(table, path, status, license)
    if facts is None:
        return None
    return Tool(
        name, segment, reasoning, SourceRef(path, index), tuple(aliases), tentative, kind,
        description, vendor, homepage, repository, open_source, license, status, tuple(tags),
        essay, (), facts.homepage_historical, facts.sdk_license, facts.sources, facts.events,
        criteria or (), reviewed,
    )  # fmt: skip


def _clean_strings(value: Any, nonblank: bool) -> bool:
    """An array of strings (none blank, if `nonblank`)."""
    if type(value) is not list:
        return False
    if nonblank:
        return all(type(item) is str and item.strip() for item in value)
    return all(type(item) is str for item in value)


def _clean_essay(value: Any) -> EssayListing | None:
    if type(value) is not dict or not value.keys() <= ESSAY_FIELDS:
        return None
    listed_as = value.get("listed_as", [])
    segments = value.get("segments", [])
    note = value.get("note", "")
    if not _clean_strings(listed_as, nonblank=False) or not _clean_strings(
        segments, nonblank=False
    ):
        return None
    if type(note) is not str:
        return None
    positions = value.get("positions", [])
    if not _good_positions(positions, len(listed_as)):
        return None
    return EssayListing(tuple(listed_as), tuple(segments), note, tuple(positions))


def _good_positions(value: Any, listings: int) -> bool:
    """An array of positive integers, one per listing (or none at all)."""
    if type(value) is not list or not all(type(p) is int and p > 0 for p in value):
        return False
    return not value or len(value) == listings


def _essay(value: Any, check: _ToolChecker) -> EssayListing | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        check.problem("essay", "`essay` must be a table")
        return None
    listed_as = check.strings(value, "listed_as")
    segments = check.strings(value, "segments")
    note = value.get("note", "")
    if not isinstance(note, str):
        check.problem("note", "`essay.note` must be a string")
        note = ""
    positions = value.get("positions", [])
    if not _good_positions(positions, len(listed_as)):
        check.problem(
            "positions", "`essay.positions` must hold one positive integer for each `listed_as`"
        )
        positions = []
    for key in sorted(value.keys() - ESSAY_FIELDS):
        check.problem(key, f"unknown field `essay.{key}` (ignored)", "warning")
    return EssayListing(listed_as, segments, note, tuple(positions))
