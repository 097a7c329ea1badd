"""What the load cache holds for each tool file, as plain tuples, and the means to turn
tools and problems into them and back.

Plain tuples because they are fast to read and `marshal` writes nothing else.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from array import array
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from mlseg_tui.catalog.walk import Signature, settled
from mlseg_tui.domain.facts import FactSource, ToolEvent
from mlseg_tui.domain.model import EssayListing, HistoryEntry, Problem, SourceRef, Tool

# Signature: (mtime_ns, ctime_ns, size, inode, device) of a tool file (see walk.py).
# Entry: (signature, read_at_ns, digest, tool records, problem records) for one tool file.
# ToolRecord: a Tool's fields in declaration order, `source` replaced by its index, dates
#   as ordinals, and the fields of SHARED_FIELDS as their number in the cache file's table
#   of values (`ValueTable`): (name, segment#, reasoning, index, aliases, tentative, kind#,
#   description#, vendor#, homepage, repository, open_source, license#, status#, tags#,
#   essay: None | (listed_as, segments, note, positions),
#   history: ((date ordinal, from, to, reason, previous_reasoning, renamed_from), ...),
#   homepage_historical, sdk_license#, sources: ((url, supports, secondary), ...),
#   events: ((date, kind, what, source, secondary), ...),
#   criteria#: the number of ((criterion id, (value, ...)), ...), reviewed: date ordinal
#   or None)
# ProblemRecord: (line, column, message, severity); the path is the entry's file.
ToolRecord = tuple[Any, ...]
ProblemRecord = tuple[int, int, str, str]
Entry = tuple[Signature, int, str, tuple[ToolRecord, ...], tuple[ProblemRecord, ...]]
SIGNATURE, READ_AT, DIGEST, TOOLS, PROBLEMS = range(5)

# tool_from_record passes fields by position, for speed; it must follow the model.
RECORD_FIELDS = (
    "name", "segment", "reasoning", "source", "aliases", "tentative", "kind", "description",
    "vendor", "homepage", "repository", "open_source", "license", "status", "tags", "essay",
    "history", "homepage_historical", "sdk_license", "sources", "events", "criteria",
    "reviewed",
)  # fmt: skip
if tuple(f.name for f in dataclasses.fields(Tool)) != RECORD_FIELDS:
    raise ImportError("mlseg_tui.catalog.cache_entries is out of step with model.Tool's fields")
# Fields whose values many tools share: a cache file holds each value once, in its table,
# so that a warm load makes one object per value (as a parse does) at no cost per tool.
SHARED_FIELDS = (
    "segment", "kind", "description", "vendor", "license", "status", "tags", "sdk_license",
    "criteria",
)  # fmt: skip


class ValueTable:
    """The values of SHARED_FIELDS met while records are made, each numbered once."""

    def __init__(self) -> None:
        self.values: list[Any] = []
        self._numbers: dict[Any, int] = {}

    def number(self, value: Any) -> int:
        number = self._numbers.get(value)
        if number is None:
            number = self._numbers[value] = len(self.values)
            self.values.append(value)
        return number


def trusted(entry: Entry, current: Signature) -> bool:
    """True when the file cannot have changed since `entry` was read from it.

    The signature must match, and the file's last change must be older than the read by a
    margin: a same-size rewrite within the timestamp granularity leaves the signature as is.
    """
    return current == entry[SIGNATURE] and settled(current, entry[READ_AT])


def tool_record(tool: Tool, table: ValueTable) -> ToolRecord:
    essay = tool.essay
    number = table.number
    return (
        tool.name,
        number(tool.segment),
        tool.reasoning,
        tool.source.index,
        tool.aliases,
        tool.tentative,
        number(tool.kind),
        number(tool.description),
        number(tool.vendor),
        tool.homepage,
        tool.repository,
        tool.open_source,
        number(tool.license),
        number(tool.status),
        number(tool.tags),
        None if essay is None else (essay.listed_as, essay.segments, essay.note, essay.positions),
        tuple(
            (
                h.date.toordinal(),
                h.from_segment,
                h.to_segment,
                h.reason,
                h.previous_reasoning,
                h.renamed_from,
            )
            for h in tool.history
        ),
        tool.homepage_historical,
        number(tool.sdk_license),
        tuple((s.url, s.supports, s.secondary) for s in tool.sources),
        tuple((e.date, e.kind, e.what, e.source, e.secondary) for e in tool.events),
        number(tool.criteria),
        None if tool.reviewed is None else tool.reviewed.toordinal(),
    )


def tool_from_record(record: ToolRecord, path: Path, values: Sequence[Any]) -> Tool:
    """The Tool of `record`, read from file `path`; `values` is the cache file's table."""
    (name, segment, reasoning, index, aliases, tentative, kind, description, vendor, homepage,
     repository, open_source, license, status, tags, essay, history, homepage_historical,
     sdk_license, sources, events, criteria, reviewed) = record  # fmt: skip
    return Tool(
        name, values[segment], reasoning, SourceRef(path, index), aliases, tentative,
        values[kind], values[description], values[vendor], homepage, repository, open_source,
        values[license], values[status], values[tags],
        None if essay is None else EssayListing(*essay),
        tuple(HistoryEntry(dt.date.fromordinal(h[0]), *h[1:]) for h in history) if history
        else (),
        homepage_historical, values[sdk_license],
        tuple(FactSource(*s) for s in sources) if sources else (),
        tuple(ToolEvent(*e) for e in events) if events else (),
        values[criteria], None if reviewed is None else dt.date.fromordinal(reviewed),
    )  # fmt: skip


def problem_records(problems: Iterable[Problem]) -> tuple[ProblemRecord, ...]:
    return tuple((p.line, p.column, p.message, p.severity) for p in problems)


def problems_from_records(records: Iterable[ProblemRecord], path: Path) -> list[Problem]:
    return [Problem(path, line, column, message, severity) for line, column, message, severity
            in records]  # fmt: skip


class KeptFiles:
    """What a new cache needs of each file read, but its tool records, until the load knows
    whether to write one; the records are made again from the tools if it does.

    Kept in columns, the numbers in an array of 64-bit ints: a tuple of ints per file
    costs several times as much, at the load's peak.
    """

    WIDTH = 7  # numbers per file: the 5 of its signature, its read time, its tool count

    def __init__(self) -> None:
        # The values of the records `entries` makes; complete once they are all made.
        self.table = ValueTable()
        self.rels: list[str] = []
        self.digests: list[str] = []
        self.numbers = array("q")
        self.odd_numbers: dict[int, list[int]] = {}  # by file: numbers that do not fit
        self.problems: dict[int, tuple[ProblemRecord, ...]] = {}  # by file

    def add(
        self,
        rel: str,
        signature: Signature,
        read_at: int,
        digest: str,
        tool_count: int,
        problem_records: tuple[ProblemRecord, ...],
    ) -> None:
        number = len(self.rels)
        self.rels.append(rel)
        self.digests.append(digest)
        values = [*signature, read_at, tool_count]
        try:
            self.numbers.fromlist(values)  # all or nothing
        except OverflowError:  # an inode number of 2**63 or more, say
            self.numbers.fromlist([0] * self.WIDTH)
            self.odd_numbers[number] = values
        if problem_records:
            self.problems[number] = problem_records

    def entries(self, tools: list[Tool]) -> Iterator[tuple[str, Entry]]:
        """The cache entries of the files kept, whose tools are `tools`, in order: made one
        at a time, as the cache writes them. Their shared values go to `self.table`."""
        record = partial(tool_record, table=self.table)
        start = 0
        width = self.WIDTH
        for number, rel in enumerate(self.rels):
            values = (
                self.odd_numbers.get(number) or self.numbers[number * width : (number + 1) * width]
            )
            mtime, ctime, size, inode, device, read_at, count = values
            records = tuple(map(record, tools[start : start + count]))
            yield (
                rel,
                (
                    (mtime, ctime, size, inode, device),
                    read_at,
                    self.digests[number],
                    records,
                    self.problems.get(number, ()),
                ),
            )
            start += count


def tools_of_entry(
    entry: Entry, path: Path, problems: list[Problem], values: Sequence[Any]
) -> list[Tool] | None:
    """The tools of a cache entry, its problems added to `problems`; None (and nothing
    added) if the entry is damaged. `values` is the cache file's table of shared values."""
    try:
        tools = [tool_from_record(record, path, values) for record in entry[TOOLS]]
        if entry[PROBLEMS]:
            problems += problems_from_records(entry[PROBLEMS], path)
    except (TypeError, ValueError, OverflowError, IndexError):
        return None
    return tools
