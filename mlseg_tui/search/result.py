"""What a search gives: every matching tool once, best first, and its grouping by segment.

The numpy engine's result is a few arrays (each rank's tool, score code and key), and a
rank's Match is made only when asked: a pane asks for the rows it draws.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any, NamedTuple

from mlseg_tui.domain.placement import Placement

if TYPE_CHECKING:
    from mlseg_tui.search.numpy_engine import NumpyEngine
    from mlseg_tui.search.numpy_tables import IntArray


class Match(NamedTuple):
    """One matching tool: its index, its score (higher is better) and the key that matched.

    A named tuple: a broad query in a big catalog makes one per matching tool, and a tuple
    is made in one C call, much faster than a slots dataclass.
    """

    tool_index: int
    score: float
    key: str
    key_is_alias: bool


class SearchResult:
    """Every matching tool once, best first.

    The numpy engine gives a result as arrays (tool, score code and key of each rank) and
    makes a rank's Match only when asked: a pane draws a screenful of rows, while a
    one-letter query matches most tools of a big catalog. `matches` makes them all.
    """

    __slots__ = ("_all", "_rank_of", "_ranked", "error", "notes", "query", "words")

    def __init__(
        self,
        query: str,
        matches: list[Match] | None = None,
        ranked: RankedResult | None = None,
        *,
        words: str | None = None,
        error: str = "",
        notes: tuple[str, ...] = (),
    ) -> None:
        self.query = query
        # The query's plain words (folded): what a name or text match is highlighted for.
        self.words = query.strip().casefold() if words is None else words
        # Why the query matches nothing (a facet term it cannot evaluate), or "".
        self.error = error
        # What the search bar should also say (a `name:` term that is no facet).
        self.notes = notes
        self._ranked = ranked
        self._all: list[Match] | None = matches if ranked is None else None
        if self._all is None and ranked is None:
            self._all = []
        self._rank_of: Any = None  # tool index -> rank, made on first use

    def __len__(self) -> int:
        return len(self._ranked) if self._ranked is not None else len(self._all or ())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SearchResult):
            return NotImplemented
        return self.query == other.query and self.matches == other.matches

    __hash__ = None  # type: ignore[assignment]  # mutable (its Matches are made lazily)

    def __repr__(self) -> str:
        return f"SearchResult(query={self.query!r}, {len(self)} matches)"

    @property
    def matches(self) -> list[Match]:
        """Every Match, best first (made on first use: all of them at once)."""
        if self._all is None:
            assert self._ranked is not None
            self._all = self._ranked.all()
        return self._all

    def match_at(self, rank: int) -> Match:
        """The Match at `rank` (0 is the best)."""
        if self._all is not None:
            return self._all[rank]
        assert self._ranked is not None
        return self._ranked.match_at(rank)

    def tool_at(self, rank: int) -> int:
        """The tool index at `rank`."""
        if self._all is not None:
            return self._all[rank].tool_index
        assert self._ranked is not None
        return self._ranked.tool_at(rank)

    def tool_indices(self) -> list[int]:
        """Every matching tool's index, best first (no Match is made)."""
        if self._ranked is not None:
            return self._ranked.tools.tolist()
        return [m.tool_index for m in self._all or ()]

    def first(self, count: int) -> list[Match]:
        """The best `count` Matches."""
        return [self.match_at(rank) for rank in range(min(count, len(self)))]

    def rank_of(self, tool_index: int) -> int:
        """The rank of tool `tool_index`, or -1 when it does not match."""
        ranks = self._rank_of
        if ranks is None:
            if self._ranked is not None:
                ranks = self._ranked.rank_table()
            else:
                ranks = {m.tool_index: rank for rank, m in enumerate(self._all or ())}
            self._rank_of = ranks
        if self._ranked is not None:
            return int(ranks[tool_index]) if 0 <= tool_index < len(ranks) else -1
        return ranks.get(tool_index, -1)

    def match_of(self, tool_index: int) -> Match | None:
        """The Match of tool `tool_index`, or None when it does not match."""
        rank = self.rank_of(tool_index)
        return None if rank < 0 else self.match_at(rank)

    def by_segment(self, placement: Placement) -> dict[str, list[Match]]:
        """Each segment's matches, best first, grouped by where `placement` puts each tool.

        Every segment the catalog defines is present (maybe empty), in display order, so
        panes can index it; any other segment id that has matches follows them, sorted.
        Makes every Match: a pane wants `tools_by_segment` and `match_of` for the rows it
        draws.
        """
        segment_of = placement.segment_of
        out: dict[str, list[Match]] = {segment: [] for segment in placement.segment_ids}
        extra: dict[str, list[Match]] = {}
        for match in self.matches:
            segment = segment_of[match.tool_index]
            bucket = out.get(segment)
            if bucket is None:
                bucket = extra.setdefault(segment, [])
            bucket.append(match)
        for segment in sorted(extra):
            out[segment] = extra[segment]
        return out

    def tools_by_segment(self, placement: Placement) -> dict[str, list[int]]:
        """by_segment's tool indices, without making or reading any Match: a pane's rows.

        The numpy engine's arrays give them in a few array operations.
        """
        if self._ranked is not None:
            return self._ranked.tools_by_segment(placement)
        grouped = self.by_segment(placement)
        return {segment: [m.tool_index for m in matches] for segment, matches in grouped.items()}


class SegmentCodes:
    """Each tool's segment as a small integer, derived from a Placement and recomputed
    only when its version changes (a move, an undo, a reload), not on every keystroke."""

    def __init__(self, np: Any) -> None:
        self.np = np
        # (placement, version, codes, names, defined count), replaced whole so that
        # threads never see a mix. The placement is held weakly: it holds the catalog.
        self.state: tuple[Any, int, Any, list[str], int] | None = None

    def get(self, placement: Placement) -> tuple[Any, list[str], int]:
        """The codes, by tool index; the segment id of each code; how many are defined."""
        state = self.state
        if state is None or state[0]() is not placement or state[1] != placement.version:
            state = self.state = self._encode(placement)
        return state[2], state[3], state[4]

    def _encode(self, placement: Placement) -> tuple[Any, int, Any, list[str], int]:
        # The version is read first: a move made while encoding shows up as a newer one.
        version = placement.version
        segment_of = list(placement.segment_of)
        defined = list(placement.segment_ids)
        names = [*defined, *sorted(set(segment_of) - set(defined))]
        numbers = {name: number for number, name in enumerate(names)}
        codes = self.np.fromiter(
            map(numbers.__getitem__, segment_of), self.np.uint16, len(segment_of)
        )
        return weakref.ref(placement), version, codes, names, len(defined)


class RankedResult:
    """A numpy-engine result: per rank, its tool, score code and key (tiers 2-6), then
    the fuzzy tier's few Matches. Match objects are made from them when asked."""

    __slots__ = ("codes", "engine", "fuzzy", "kids", "tools")

    def __init__(
        self, engine: NumpyEngine, tools: IntArray, codes: Any, kids: IntArray, fuzzy: list[Match]
    ) -> None:
        self.engine = engine
        self.tools = tools  # every rank's tool, the fuzzy ones too
        self.codes = codes  # tier * 256 + shortness, for the ranks before the fuzzy ones
        self.kids = kids
        self.fuzzy = fuzzy

    def __len__(self) -> int:
        return int(self.tools.size)

    def match_at(self, rank: int) -> Match:
        size = self.kids.size
        if rank < 0:
            rank += len(self)
        if rank >= size:
            return self.fuzzy[rank - size]
        engine, kid = self.engine, int(self.kids[rank])
        return Match(
            int(self.tools[rank]),
            engine.score_of[int(self.codes[rank])],
            engine.key_text[kid],
            bool(engine.key_alias[kid]),
        )

    def tool_at(self, rank: int) -> int:
        return int(self.tools[rank])

    def all(self) -> list[Match]:
        return [
            *self.engine.make(self.tools[: self.kids.size], self.codes, self.kids),
            *self.fuzzy,
        ]

    def rank_table(self) -> Any:
        """Per tool, its rank (-1: no match): one array scatter."""
        np = self.engine.np
        table = np.full(self.engine.tool_count, -1, dtype=np.int32)
        table[self.tools] = np.arange(self.tools.size, dtype=np.int32)
        return table

    def tools_by_segment(self, placement: Placement) -> dict[str, list[int]]:
        """Each segment's tool indices, best first."""
        np = self.engine.np
        tool_codes, names, defined = self.engine.segments.get(placement)
        codes = tool_codes[self.tools]
        # A stable sort keeps each segment's tools in rank order.
        grouped = self.tools[np.argsort(codes, kind="stable")]
        counts = np.bincount(codes, minlength=len(names)).tolist()
        out: dict[str, list[int]] = {}
        start = 0
        for number, name in enumerate(names):
            count = counts[number]
            if number < defined or count:
                out[name] = grouped[start : start + count].tolist()
            start += count
        return out
