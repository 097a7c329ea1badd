"""segments.toml's hand-holding metric: the `[[criteria]]` tables and the `[metric]` table
(score bands, staleness threshold), strictly validated, every problem on its line."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Any

from mlseg_tui.catalog.source import SourceText, header_lines
from mlseg_tui.domain.criteria import (
    BUILT_IN_FACETS,
    DEFAULT_STALE_YEARS,
    Band,
    Criterion,
    Metric,
)
from mlseg_tui.domain.model import Problem

CRITERION_FIELDS = frozenset({"id", "question", "quote", "values", "multiple", "weight", "facet"})
METRIC_FIELDS = frozenset({"source", "stale_after_years", "bands"})
BAND_FIELDS = frozenset({"segment", "start"})
CRITERIA_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*criteria[ \t]*\]\]", re.MULTILINE)
METRIC_HEADER = re.compile(r"^[ \t]*\[[ \t]*metric[ \t]*\]", re.MULTILINE)
# A criterion id or facet name: also a TOML bare key and a search term's prefix.
NAME = re.compile(r"[a-z][a-z0-9_-]*")


class _Lines:
    """Lines of a table's header and keys in segments.toml (a small file: plain scans)."""

    def __init__(self, source: SourceText, header: re.Pattern[str]) -> None:
        self.text = source.text
        self.offsets, self.lines = header_lines(header, source.text)
        later = re.compile(r"^[ \t]*\[", re.MULTILINE)
        self.ends = []
        for offset in self.offsets:
            found = later.search(self.text, offset + 1)
            self.ends.append(found.start() if found else len(self.text))

    def header(self, index: int) -> int:
        return self.lines[index] if index < len(self.lines) else 1

    def key(self, index: int, key: str) -> int:
        if index >= len(self.offsets):
            return 1
        start, end = self.offsets[index], self.ends[index]
        found = re.compile(rf"^[ \t]*{re.escape(key)}[ \t]*=", re.MULTILINE).search(
            self.text, start, end
        )
        if found is None:
            return self.lines[index]
        return self.lines[index] + self.text.count("\n", start, found.start())


def read_metric(
    document: dict[str, Any],
    source: SourceText,
    segment_ids: Collection[str],
    problems: list[Problem],
) -> Metric:
    """The metric segments.toml defines; what cannot be read is reported and left out."""
    path = source.path
    criteria = _read_criteria(document.get("criteria", []), source, problems)
    table = document.get("metric", {})
    lines = _Lines(source, METRIC_HEADER)
    if not isinstance(table, dict):
        problems.append(Problem(path, 1, 1, "`metric` must be a table ([metric])"))
        table = {}

    def problem(key: str | None, message: str, severity: str = "error") -> None:
        line = lines.key(0, key) if key else lines.header(0)
        problems.append(Problem(path, line, 1, message, severity))

    for key in sorted(table.keys() - METRIC_FIELDS):
        problem(key, f"unknown field `metric.{key}` (ignored)", "warning")
    source_text = table.get("source", "")
    if not isinstance(source_text, str):
        problem("source", "`metric.source` must be a string")
        source_text = ""
    stale = table.get("stale_after_years", DEFAULT_STALE_YEARS)
    if type(stale) is not int or stale < 1:
        problem(
            "stale_after_years",
            "`metric.stale_after_years` must be a whole number of years, 1 or more",
        )
        stale = DEFAULT_STALE_YEARS
    bands = _read_bands(table.get("bands", []), segment_ids, problem)
    if criteria and not bands:
        problem(None, "the criteria need score bands: `bands` in [metric]")
    return Metric(tuple(criteria), tuple(bands), stale, source_text)


def _read_bands(value: Any, segment_ids: Collection[str], problem: Any) -> list[Band]:
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        problem(
            "bands",
            '`metric.bands` must be an array of tables like { segment = "narrow", start = 0.0 }',
        )
        return []
    bands: list[Band] = []
    for item in value:
        segment, start = item.get("segment"), item.get("start")
        for key in sorted(item.keys() - BAND_FIELDS):
            problem("bands", f"unknown field `{key}` in a band (ignored)", "warning")
        if not isinstance(segment, str) or segment not in segment_ids:
            problem("bands", f"a band's `segment` must be a segment id, not {segment!r}")
            continue
        if isinstance(start, bool) or not isinstance(start, int | float) or not 0 <= start <= 1:
            problem(
                "bands", f"band {segment!r}: `start` must be a number from 0 to 1, not {start!r}"
            )
            continue
        if any(band.segment == segment for band in bands):
            problem("bands", f"segment {segment!r} has two bands")
            continue
        if any(band.start == start for band in bands):
            problem("bands", f"two bands start at {start}")
            continue
        bands.append(Band(segment, float(start)))
    if bands and min(band.start for band in bands) != 0:
        problem("bands", "the lowest band must start at 0, so that every score suggests a segment")
    return bands


def _read_criteria(value: Any, source: SourceText, problems: list[Problem]) -> list[Criterion]:
    path = source.path
    lines = _Lines(source, CRITERIA_HEADER)
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        problems.append(Problem(path, 1, 1, "`criteria` must be [[criteria]] tables"))
        return []
    criteria: list[Criterion] = []
    facets: set[str] = set(BUILT_IN_FACETS)
    for index, table in enumerate(value):
        failed = False

        def problem(key: str | None, message: str, severity: str = "error") -> None:
            nonlocal failed
            line = lines.key(index, key) if key else lines.header(index)  # noqa: B023
            problems.append(Problem(path, line, 1, message, severity))
            failed = failed or severity == "error"

        for key in sorted(table.keys() - CRITERION_FIELDS):
            problem(key, f"unknown field `criteria.{key}` (ignored)", "warning")
        texts = {}
        for key, required in (("id", True), ("question", True), ("quote", False), ("facet", False)):
            text = table.get(key, "")
            if not isinstance(text, str) or (required and not text.strip()):
                problem(
                    key if key in table else None, f"a criterion needs a non-empty string `{key}`"
                )
                text = ""
            texts[key] = text
        criterion_id, facet = texts["id"], texts["facet"]
        for key, name in (("id", criterion_id), ("facet", facet)):
            if name and not NAME.fullmatch(name):
                problem(
                    key, f"criterion `{key}` {name!r} must be lower case letters, digits, - or _"
                )
        if criterion_id and any(c.id == criterion_id for c in criteria):
            problem("id", f"criterion {criterion_id!r} is defined twice")
        facet_name = facet or criterion_id
        if facet_name in facets:
            problem(
                "facet" if facet else "id",
                f"the search facet {facet_name!r} is taken: give the criterion another `facet`",
            )
        values = table.get("values")
        if (
            not isinstance(values, list)
            or not values
            or not all(isinstance(v, str) and v.strip() for v in values)
        ):
            problem("values", "a criterion needs `values`: a non-empty array of non-empty strings")
            values = []
        elif len({v.casefold() for v in values}) != len(values):
            problem("values", "a criterion's `values` must differ (ignoring case)")
        multiple = table.get("multiple", False)
        if not isinstance(multiple, bool):
            problem("multiple", "`multiple` must be true or false")
            multiple = False
        weight = table.get("weight", 1.0)
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
            problem("weight", f"`weight` must be a number above 0, not {weight!r}")
            weight = 1.0
        if failed:
            continue
        facets.add(facet_name)
        criteria.append(
            Criterion(
                criterion_id,
                texts["question"],
                tuple(values),
                texts["quote"],
                multiple,
                float(weight),
                facet,
            )
        )
    return criteria


def metric_key(metric: Metric) -> tuple[str, ...]:
    """What a tool's answers are validated against, for the load cache's key."""
    return tuple(
        f"criterion {c.id} {'many' if c.multiple else 'one'} {chr(31).join(c.values)}"
        for c in metric.criteria
    )
