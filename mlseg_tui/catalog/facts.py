"""Reading and checking a tool's sourced facts: `status`, `[[tools.sources]]`,
`[[tools.events]]`, `homepage_historical` and the licences, each problem on its line."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mlseg_tui.catalog.source import SourceText
from mlseg_tui.catalog.spdx import licence_problem
from mlseg_tui.domain.facts import ACTIVE, EVENT_KINDS, STATUSES, FactSource, ToolEvent
from mlseg_tui.domain.model import Problem

SOURCE_FIELDS = frozenset({"url", "supports", "secondary"})
EVENT_FIELDS = frozenset({"date", "kind", "what", "source", "secondary"})
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")
# A sub-table header inside a tool: `[[tools.events]]`, `[tools.essay]`.
_SUB_HEADER = re.compile(r"\s*\[\[?\s*tools\s*\.\s*([A-Za-z_]+)\s*\]\]?")
_LINE_KEY = re.compile(r'\s*(?:"([^"]*)"|([^\s="]+))\s*=')


@dataclass(frozen=True, slots=True)
class Facts:
    homepage_historical: bool = False
    sdk_license: str = ""
    sources: tuple[FactSource, ...] = ()
    events: tuple[ToolEvent, ...] = ()


def is_web_url(value: str) -> bool:
    """An absolute http(s) URL with a host and no spaces."""
    if not value or any(char.isspace() for char in value):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def event_date(value: Any) -> str | None:
    """An event's date as "YYYY", "YYYY-MM" or "YYYY-MM-DD" (a TOML date is accepted),
    or None when it is none of those."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    match = _DATE.match(value)
    if match is None:
        return None
    year, month, day = match.groups()
    try:
        dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    return value


class SubTableLines:
    """Lines of the keys set in one tool's sub-tables, found in one pass when first asked."""

    def __init__(self, source: SourceText, index: int) -> None:
        self.source = source
        self.index = index
        self._lines: dict[tuple[str, int, str], int] | None = None

    def line(self, table: str, number: int, key: str = "") -> int:
        """The line of `key` in the `number`-th `[[tools.<table>]]` of the tool, else that
        table's header, else the tool's header."""
        if self._lines is None:
            self._lines = self._scan()
        found = self._lines.get((table, number, key)) or self._lines.get((table, number, ""))
        return found or self.source.tool_line(self.index)

    def _scan(self) -> dict[tuple[str, int, str], int]:
        first = self.source.tool_line(self.index)
        after = self.source.tool_line(self.index + 1)
        rows = self.source.text.split("\n")
        end = after - 1 if after > first else len(rows)
        lines: dict[tuple[str, int, str], int] = {}
        counts: dict[str, int] = {}
        current: tuple[str, int] | None = None
        for number in range(first, end):
            row = rows[number] if number < len(rows) else ""
            header = _SUB_HEADER.match(row)
            if header is not None:
                name = header.group(1)
                counts[name] = counts.get(name, -1) + 1
                current = (name, counts[name])
                lines.setdefault((name, counts[name], ""), number + 1)
                continue
            key = _LINE_KEY.match(row)
            if key is not None and current is not None:
                quoted, bare = key.groups()
                lines.setdefault((*current, bare if quoted is None else quoted), number + 1)
        return lines


class FactReader:
    """Reads the facts of one tool table, reporting every problem on its line."""

    def __init__(self, source: SourceText, index: int, problems: list[Problem]) -> None:
        self.source = source
        self.index = index
        self.problems = problems
        self.failed = False
        self.lines = SubTableLines(source, index)

    def report(self, line: int, message: str, severity: str = "error") -> None:
        self.problems.append(Problem(self.source.path, line, 1, message, severity))
        if severity == "error":
            self.failed = True

    def top(self, key: str, message: str) -> None:
        self.report(self.source.key_line(self.index, key), message)

    def read(self, table: dict[str, Any], status: str, licence: str) -> Facts:
        if status and status not in STATUSES:
            self.top("status", f"unknown status {status!r} (expected one of {', '.join(STATUSES)})")
        for key, value in (("license", licence), ("sdk_license", table.get("sdk_license", ""))):
            if not isinstance(value, str):
                self.top(key, f"`{key}` must be a string")
            elif value and (message := licence_problem(key, value)) is not None:
                self.top(key, message)
        historical = table.get("homepage_historical", False)
        if not isinstance(historical, bool):
            self.top("homepage_historical", "`homepage_historical` must be true or false")
            historical = False
        sources = self.sources(table.get("sources", []))
        events = self.events(table.get("events", []), {source.url for source in sources})
        if status in STATUSES and status != ACTIVE and not events and "events" not in table:
            self.top("status", f"status {status!r} needs a [[tools.events]] entry that explains it")
        sdk = table.get("sdk_license", "")
        return Facts(historical, sdk if isinstance(sdk, str) else "", sources, events)

    def _tables(self, value: Any, name: str) -> list[dict[str, Any]]:
        if isinstance(value, list) and all(isinstance(entry, dict) for entry in value):
            return value
        self.top(name, f"`{name}` must be an array of tables ([[tools.{name}]])")
        return []

    def _secondary(self, entry: dict[str, Any], name: str, number: int) -> bool:
        value = entry.get("secondary", False)
        if isinstance(value, bool):
            return value
        self.report(self.lines.line(name, number, "secondary"), "`secondary` must be true or false")
        return False

    def _unknown(self, entry: dict[str, Any], known: frozenset[str], name: str, n: int) -> None:
        for key in sorted(entry.keys() - known):
            self.report(self.lines.line(name, n, key), f"unknown field `{name}.{key}` (ignored)",
                        "warning")  # fmt: skip

    def sources(self, value: Any) -> tuple[FactSource, ...]:
        found = []
        for number, entry in enumerate(self._tables(value, "sources")):
            url, supports = entry.get("url"), entry.get("supports", "")
            if url is None:
                self.report(self.lines.line("sources", number), "a source needs a `url`")
            elif not isinstance(url, str) or not is_web_url(url):
                self.report(self.lines.line("sources", number, "url"),
                            f"source `url` {url!r} is not an http(s) URL")  # fmt: skip
            if not isinstance(supports, str):
                self.report(self.lines.line("sources", number, "supports"),
                            "source `supports` must be a string")  # fmt: skip
                supports = ""
            secondary = self._secondary(entry, "sources", number)
            self._unknown(entry, SOURCE_FIELDS, "sources", number)
            if isinstance(url, str):
                found.append(FactSource(url, supports, secondary))
        return tuple(found)

    def events(self, value: Any, source_urls: set[str]) -> tuple[ToolEvent, ...]:
        found = []
        for number, entry in enumerate(self._tables(value, "events")):
            texts = {}
            for key in ("date", "kind", "what", "source"):
                if key not in entry:
                    self.report(self.lines.line("events", number), f"an event needs `{key}`")
                elif key != "date" and not isinstance(entry[key], str):
                    self.report(self.lines.line("events", number, key),
                                f"event `{key}` must be a string")  # fmt: skip
                texts[key] = entry.get(key) if isinstance(entry.get(key), str) else ""
            date = event_date(entry["date"]) if "date" in entry else ""
            if date is None:
                self.report(
                    self.lines.line("events", number, "date"),
                    f"event `date` {entry['date']!r} must be YYYY, YYYY-MM or YYYY-MM-DD",
                )
                date = ""  # fmt: skip
            kind, source = texts["kind"], texts["source"]
            if kind and kind not in EVENT_KINDS:
                self.report(
                    self.lines.line("events", number, "kind"),
                    f"unknown event kind {kind!r} (expected one of {', '.join(EVENT_KINDS)})",
                )
            if source and not is_web_url(source):  # fmt: skip
                self.report(self.lines.line("events", number, "source"),
                            f"event `source` {source!r} is not an http(s) URL")  # fmt: skip
            elif source and source not in source_urls:
                self.report(
                    self.lines.line("events", number, "source"),
                    f"event `source` {source!r} is not among the tool's [[tools.sources]]",
                )
            secondary = self._secondary(entry, "events", number)  # fmt: skip
            self._unknown(entry, EVENT_FIELDS, "events", number)
            found.append(ToolEvent(date or "", kind, texts["what"], source, secondary))
        return tuple(found)


def clean_facts(table: dict[str, Any], path: Path, status: str, licence: str) -> Facts | None:
    """The facts of a table with nothing to report about them, or None (the load's fast
    path then leaves the table to the reporting checks)."""
    reader = FactReader(SourceText(path, ""), 0, [])
    facts = reader.read(table, status, licence)
    return None if reader.problems else facts
