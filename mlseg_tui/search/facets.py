"""Facet terms evaluated over the tools: which tools pass `seg:narrow lic:apache -tag:x`.

Each facet has a universe of values (the licences, statuses and tags the catalog holds;
a criterion's values; yes/no) and, per tool, the values it has. A term's value picks
every value of the universe it is a prefix of (`lic:apache` -> Apache-2.0), and a term
that picks none is reported, never ignored. `seg` and `disagree` depend on where the
tools sit now, so they are read from the Placement at each search.

A facet's column is made on its first use: its values' codes and their tools, as lists
(small catalogs, evaluated with sets) or arrays (large ones, evaluated with boolean masks
over the tools). Both read the same columns, and the tests check that they agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, repeat
from operator import attrgetter
from typing import Any

from mlseg_tui.domain.criteria import BUILT_IN_FACETS, Metric
from mlseg_tui.domain.model import Tool
from mlseg_tui.domain.placement import Placement
from mlseg_tui.domain.segment_order import closest_segment
from mlseg_tui.search.keys import fold
from mlseg_tui.search.query import FacetTerm

YES_NO = ("yes", "no")
# How many known values an "unknown value" message lists.
LISTED_VALUES = 8
NOUNS = {"lic": "licence", "status": "status", "tag": "tag", "seg": "segment"}


class FacetError(ValueError):
    """A facet term that cannot be evaluated; its message is for the search bar."""


@dataclass(frozen=True, slots=True)
class Column:
    """One facet's values (folded; `labels` as first written) and, per (tool, value)
    entry, its value code and tool."""

    universe: list[str]
    labels: list[str]
    codes: Any  # list[int] or an int32 array
    owners: Any


class FacetIndex:
    """Evaluates a query's facet terms over the tools (a Python or a numpy evaluation)."""

    def __init__(self, tools: Sequence[Tool], metric: Metric, np: Any = None) -> None:
        self.np = np
        self.tools = tools
        self.count = len(tools)
        self.metric = metric
        self._columns: dict[str, Column] = {}
        self._suggested: list[str | None] | None = None
        self._answer_tables: tuple[list[Any], dict[Any, dict[str, tuple[str, ...]]]] | None = None
        self._suggested_codes: tuple[tuple[str, ...], Any] | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """Every facet name the search language knows."""
        return (*BUILT_IN_FACETS, *(c.facet_name for c in self.metric.criteria))

    # ------------------------------------------------------------------ columns

    def column(self, facet: str) -> Column:
        found = self._columns.get(facet)
        if found is None:
            found = self._columns[facet] = self._make_column(facet)
        return found

    def _make_column(self, facet: str) -> Column:
        tools = self.tools
        if facet in ("lic", "status"):
            field = "license" if facet == "lic" else "status"
            return self._entries([(value,) for value in map(attrgetter(field), tools)])
        if facet == "tag":
            return self._entries(list(map(attrgetter("tags"), tools)))
        if facet in ("essay", "tentative"):
            if facet == "essay":
                flags: Any = (tool.essay is not None for tool in tools)
            else:
                flags = map(attrgetter("tentative"), tools)
            return self._entries([("yes",) if flag else ("no",) for flag in flags], YES_NO)
        criterion = next(c for c in self.metric.criteria if c.facet_name == facet)
        answers, tables = self._answers()
        chosen = {given: table.get(criterion.id, ()) for given, table in tables.items()}
        return self._entries(list(map(chosen.__getitem__, answers)), criterion.values)

    def _answers(self) -> tuple[list[Any], dict[Any, dict[str, tuple[str, ...]]]]:
        """Each tool's answers, and each distinct answers' table: catalogs repeat answers,
        so each distinct one is read once, for every criterion's column."""
        if self._answer_tables is None:
            answers = list(map(attrgetter("criteria"), self.tools))
            self._answer_tables = (answers, {given: dict(given) for given in set(answers)})
        return self._answer_tables

    def build_columns(self) -> None:
        """Make every facet's column now (the benchmark times their first use)."""
        for name in self.names:
            if name not in ("seg", "disagree"):
                self.column(name)
        self.suggested()

    def _entries(self, values_of_each: list[tuple[str, ...]], known: Sequence[str] = ()) -> Column:
        """A column from each tool's values (empty ones left out)."""
        number: dict[str, int] = {}
        universe: list[str] = []
        labels: list[str] = []
        for value in known:
            number[fold(value)] = len(universe)
            universe.append(fold(value))
            labels.append(value)
        code_of: dict[str, int] = {"": -1}
        for value in sorted(set(chain.from_iterable(values_of_each))):
            if value not in code_of:
                folded = fold(value)
                if folded not in number:
                    number[folded] = len(universe)
                    universe.append(folded)
                    labels.append(value)
                code_of[value] = number[folded]
        counts = list(map(len, values_of_each))
        codes = list(map(code_of.__getitem__, chain.from_iterable(values_of_each)))
        owners = list(chain.from_iterable(map(repeat, range(len(counts)), counts)))
        np = self.np
        if np is not None:
            codes = np.array(codes, dtype=np.int32)
            owners = np.array(owners, dtype=np.int32)
        return Column(universe, labels, codes, owners)

    # ------------------------------------------------------------------ resolving terms

    def _picked(
        self, term: FacetTerm, universe: Sequence[str], labels: Sequence[str] | None = None
    ) -> list[int]:
        """The codes of the universe's values that `term`'s value is a prefix of."""
        shown = labels if labels is not None else universe
        listing = _listing(sorted(shown, key=str.casefold))
        if not term.value:
            raise FacetError(f"{term.text} needs a value: {listing}")
        picked = [code for code, value in enumerate(universe) if value.startswith(term.value)]
        if not picked:
            noun = NOUNS.get(term.facet, "value")
            raise FacetError(f"{term.text}: no {noun} starts with {term.value!r} ({listing})")
        return picked

    def _segments(self, term: FacetTerm, placement: Placement | None) -> set[str]:
        if placement is None:
            raise FacetError(f"{term.text}: segments are not known here")
        segments = placement.catalog.segments
        if not term.value:
            raise FacetError(f"{term.text} needs a segment: {_listing([s.id for s in segments])}")
        picked = {
            s.id
            for s in segments
            if fold(s.id).startswith(term.value) or fold(s.title).startswith(term.value)
        }
        if not picked:
            close = closest_segment(segments, term.value)
            meant = f" — did you mean seg:{close.id}?" if close is not None else ""
            raise FacetError(
                f"{term.text}: no segment starts with {term.value!r}{meant} "
                f"({_listing([s.id for s in segments])})"
            )
        return picked

    def check(self, terms: Sequence[FacetTerm], placement: Placement | None) -> None:
        """Raise FacetError for the first term that cannot be evaluated."""
        for term in terms:
            self._resolve(term, placement)

    def _resolve(self, term: FacetTerm, placement: Placement | None) -> Any:
        if term.facet == "seg":
            return self._segments(term, placement)
        if term.facet == "disagree":
            if placement is None:
                raise FacetError(f"{term.text}: placements are not known here")
            return [YES_NO[code] for code in self._picked(term, YES_NO)]
        column = self.column(term.facet)
        return self._picked(term, column.universe, column.labels)

    def suggested(self) -> list[str | None]:
        """What each tool's criteria suggest (None: no score)."""
        if self._suggested is None:
            metric = self.metric
            answers, tables = self._answers()
            suggest = {given: metric.suggest(metric.score(given)) for given in tables}
            self._suggested = list(map(suggest.__getitem__, answers))
        return self._suggested

    # ------------------------------------------------------------------ Python sets

    def passing(self, terms: Sequence[FacetTerm], placement: Placement | None) -> set[int]:
        """The tools that pass every term (small catalogs)."""
        passing = set(range(self.count))
        for term in terms:
            having = self._having(term, placement)
            passing = passing - having if term.negated else passing & having
        return passing

    def _having(self, term: FacetTerm, placement: Placement | None) -> set[int]:
        picked = self._resolve(term, placement)
        segment_of = placement.segment_of if placement is not None else []
        if term.facet == "seg":
            return {i for i in range(self.count) if segment_of[i] in picked}
        if term.facet == "disagree":
            scale = set(self.metric.scale_segments)
            disagree = {
                i
                for i, suggested in enumerate(self.suggested())
                if suggested is not None and segment_of[i] in scale and segment_of[i] != suggested
            }
            return disagree if picked == ["yes"] else set(range(self.count)) - disagree
        column = self.column(term.facet)
        wanted = set(picked)
        return {
            owner for owner, code in zip(column.owners, column.codes, strict=True) if code in wanted
        }

    # ------------------------------------------------------------------ numpy masks

    def mask(
        self, terms: Sequence[FacetTerm], placement: Placement | None, segment_codes: Any
    ) -> Any:
        """A boolean array: the tools that pass every term (large catalogs).

        `segment_codes` is the engine's SegmentCodes (each tool's segment as a number).
        """
        np = self.np
        mask = np.ones(self.count, dtype=bool)
        for term in terms:
            having = self._having_mask(term, placement, segment_codes)
            mask &= ~having if term.negated else having
        return mask

    def _having_mask(self, term: FacetTerm, placement: Placement | None, segment_codes: Any) -> Any:
        np = self.np
        picked = self._resolve(term, placement)
        if term.facet in ("seg", "disagree"):
            codes, names, _ = segment_codes.get(placement)
            if term.facet == "seg":
                return np.isin(codes, [n for n, name in enumerate(names) if name in picked])
            suggested = self._suggested_array(tuple(names))
            on_scale = self.metric.scale_segments
            scale = [number for number, name in enumerate(names) if name in on_scale]
            disagree = (suggested >= 0) & np.isin(codes, scale) & (codes != suggested)
            return disagree if picked == ["yes"] else ~disagree
        column = self.column(term.facet)
        having = np.zeros(self.count, dtype=bool)
        having[column.owners[np.isin(column.codes, picked)]] = True
        return having

    def _suggested_array(self, names: tuple[str, ...]) -> Any:
        kept = self._suggested_codes
        if kept is None or kept[0] != names:
            number = {name: code for code, name in enumerate(names)}
            codes = self.np.array(
                [-1 if s is None else number.get(s, -1) for s in self.suggested()],
                dtype=self.np.int32,
            )
            kept = self._suggested_codes = (names, codes)
        return kept[1]


def _listing(values: Sequence[str]) -> str:
    shown = [value if len(value) <= 24 else value[:23] + "…" for value in values[:LISTED_VALUES]]
    more = len(values) - len(shown)
    if not shown:
        return "none known"
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")
