"""The numpy engine: the ranking of `ranking`, vectorised over one text of all folded keys.

Every key is laid out in one text, with each character's positions listed once at build
time, and a keystroke that extends the previous query only filters that query's
occurrences. A result is a few arrays (each rank's tool, score code and key), kept only
while its query is the current one or a prefix of it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from itertools import repeat
from typing import TYPE_CHECKING, Any

from mlseg_tui.domain.collector import paused
from mlseg_tui.domain.model import Tool
from mlseg_tui.search.keys import subsequence_slack
from mlseg_tui.search.numpy_fuzzy import FuzzyTier
from mlseg_tui.search.numpy_tables import (
    code_array,
    flat_keys,
    group_positions,
    joined_keys,
    key_classes,
    key_masks,
)
from mlseg_tui.search.ranking import (
    EXACT,
    FUZZY_CAP,
    FUZZY_MIN_LENGTH,
    LEN_CAP,
    PREFIX,
    SUBSEQUENCE,
    SUBSTRING,
    tier_score,
)
from mlseg_tui.search.result import Match, RankedResult, SegmentCodes

if TYPE_CHECKING:
    from mlseg_tui.search.numpy_tables import IntArray

# Recent per-query states kept for incremental narrowing (typing forward and backspacing).
STATE_CACHE_SIZE = 16
# From this many new Match objects on, a search moves them to the collector's oldest
# generation (see collector.paused).
PROMOTE_FROM = 1000
_NO_BOUNDS = (0, 0)

# A query's state in the numpy engine: its substring occurrences in text order (the key id,
# offset in the key and position class of each one's start); the subsequence matches that
# start at a word start, in text order (key id, text position of the start and of the last
# character of the greedy match from it; of two starts reaching the same last character
# the later is kept, its match being shorter); and, for one letter, the keys holding it
# with their tiers (the runs that give them are found anyway), else None for both.
# Extending the query by a character only filters these arrays.
QueryState = tuple["IntArray", Any, Any, "IntArray", "IntArray", "IntArray", Any, Any]


class NumpyEngine:
    """The same ranking as PythonEngine, vectorised over one text of all folded keys.

    It holds position tables and per-key arrays, and no Match objects (a result makes them
    when asked).
    """

    def __init__(self, tools: Sequence[Tool]) -> None:
        import numpy as np

        self.np = np
        with paused(promote=True):
            texts, self.key_tool, self.tool_first = flat_keys(np, tools)
            self.key_count = len(texts)
            self.tool_count = len(tools)
            self.segments = SegmentCodes(np)
            self.fuzzy_tier = FuzzyTier(self)
            self.states: OrderedDict[str, QueryState] = OrderedDict()
            # Results of the current query and of its prefixes (typed before it, shown
            # again on backspace), as arrays. No others.
            self.results: dict[str, RankedResult] = {}
            self._index_text(texts)
            self._index_keys()
            self._key_fields(texts)

    def _index_text(self, texts: list[str]) -> None:
        """Per text position. Each key is followed by a NUL, which no query holds, so no
        match spans two keys."""
        np, n = self.np, self.key_count
        folded, aligned = joined_keys(texts)
        self.folded_text = folded  # the fuzzy tier reads candidate keys from it
        codes = self.codes = code_array(np, folded + "\x00") if n else np.zeros(0, np.uint8)
        self.ends = np.flatnonzero(codes == 0).astype(np.int32)
        self.starts = np.zeros(n, dtype=np.int32)
        self.starts[1:] = self.ends[:-1] + 1
        self.full_lengths = self.ends - self.starts
        classes = key_classes(np, aligned, self.starts, self.ends)
        del aligned
        # Every position but the NULs grouped by character (ascending within one), with
        # its key id and class: a keystroke reads one compact slice per character.
        self.perm_owner, self.perm_offset, self.perm_class, self.bounds = group_positions(
            np, codes, classes, self.starts, self.ends
        )

    def _index_keys(self) -> None:
        """Per key. Ids follow the tools, so a tool's keys are consecutive, name first."""
        np, n = self.np, self.key_count
        key_local = np.arange(n, dtype=np.int32) - self.tool_first.take(self.key_tool)
        self.key_alias = key_local > 0
        self.lengths = np.minimum(self.full_lengths, LEN_CAP).astype(np.uint8)
        # Key ids by (capped length, id): the order of keys within a tier and of fuzzy
        # candidates. A stable sort of bytes is a fast radix sort.
        self.by_length = np.argsort(self.lengths, kind="stable").astype(np.int32)
        self.place = np.empty(n, dtype=np.int32)  # key id -> its place in by_length
        self.place[self.by_length] = np.arange(n, dtype=np.int32)
        span = self.local_span = int(key_local.max()) + 1 if n else 1
        # A key's rank within a tier, higher is better: shorter, then earlier in its tool.
        wide = np.int64 if span > 100_000 else np.int32  # (EXACT + 1) * 256 * span must fit
        bonus = LEN_CAP - self.lengths.astype(wide)
        self.key_rank = bonus * span + (span - 1 - key_local).astype(wide)
        self.tier_weight = wide(256 * span)
        self.masks = key_masks(np, self.codes, self.starts)[self.by_length]

    def _key_fields(self, texts: list[str]) -> None:
        """What Match objects are made of, as arrays a result takes from: each key's text,
        every score by code (tier * 256 + shortness). A result makes a rank's Match only
        when asked (see SearchResult), so the index holds no Match objects."""
        np, n = self.np, self.key_count
        self.key_text = np.fromiter(texts, dtype=object, count=n)
        self.score_of = np.fromiter(
            (tier_score(code >> 8, LEN_CAP - (code & 255)) for code in range((EXACT + 1) * 256)),
            dtype=object,
            count=(EXACT + 1) * 256,
        )

    # ------------------------------------------------------------------ query states

    def occurrences(self, char: str) -> tuple[IntArray, Any, Any]:
        """Where `char` occurs, in text order: key ids, offsets in the keys, classes."""
        lo, hi = self.bounds.get(ord(char), _NO_BOUNDS)
        return self.perm_owner[lo:hi], self.perm_offset[lo:hi], self.perm_class[lo:hi]

    def _positions(self, char: str) -> IntArray:
        """The text positions of `char`, ascending."""
        owners, offsets, _ = self.occurrences(char)
        return self.starts.take(owners) + offsets

    def _first(self, char: str) -> QueryState:
        np = self.np
        owners, offsets, classes = self.occurrences(char)
        if not owners.size:
            return owners, offsets, classes, owners, owners, owners, owners, classes
        # Each key's occurrences are consecutive: the best class of each run gives the
        # key's tier.
        runs = np.flatnonzero(np.concatenate(([True], owners[1:] != owners[:-1])))
        kids = owners.take(runs)
        tiers = np.maximum.reduceat(classes, runs) + np.int8(SUBSTRING)
        tiers[(tiers == PREFIX) & (self.full_lengths.take(kids) == 1)] = EXACT
        at_word = classes > 0
        pair_kids = owners[at_word]
        pair_first = self.starts.take(pair_kids) + offsets[at_word]
        return owners, offsets, classes, pair_kids, pair_first, pair_first, kids, tiers

    def _extend(self, state: QueryState, length: int, char: str) -> QueryState:
        """The state of query+char from the state of query (which has `length` chars)."""
        np = self.np
        owners, offsets, classes, pair_kids, pair_first, pair_last = state[:6]
        if ord(char) not in self.bounds:
            none = owners[:0]
            return none, offsets[:0], classes[:0], none, none, none, None, None
        if owners.size:
            following = self.starts.take(owners) + offsets + length
            keep = self.codes[following] == ord(char)
            owners, offsets, classes = owners[keep], offsets[keep], classes[keep]
        positions = self._positions(char)
        following = positions.searchsorted(pair_last, "right")
        found = following < positions.size
        pair_kids, pair_first, following = pair_kids[found], pair_first[found], following[found]
        nxt = positions[following]
        inside = nxt < self.ends[pair_kids]
        pair_kids, pair_first, nxt = pair_kids[inside], pair_first[inside], nxt[inside]
        if nxt.size > 1:
            # Greedy matches never end earlier from a later start: equal ends are adjacent.
            later = np.ones(nxt.size, dtype=bool)
            later[:-1] = nxt[1:] != nxt[:-1]
            pair_kids, pair_first, nxt = pair_kids[later], pair_first[later], nxt[later]
        return owners, offsets, classes, pair_kids, pair_first, nxt, None, None

    def _state(self, query: str) -> QueryState:
        states = self.states
        for cut in range(len(query), 0, -1):
            state = states.get(query[:cut])
            if state is not None:
                states.move_to_end(query[:cut])
                break
        else:
            cut = 1
            state = self._first(query[0])
            states[query[:1]] = state
        for length in range(cut, len(query)):
            state = self._extend(state, length, query[length])
            states[query[: length + 1]] = state
        while len(states) > STATE_CACHE_SIZE:
            states.popitem(last=False)
        return state

    # ------------------------------------------------------------------ ranking

    def search(self, query: str) -> tuple[None, RankedResult]:
        results = self.results
        for kept in [kept for kept in results if not query.startswith(kept)]:
            del results[kept]
        found = results.get(query)
        if found is None:
            found = results[query] = self._rank(query)
        return None, found

    def _rank(self, query: str) -> RankedResult:
        """`query`'s ranking, best first, as arrays (no Match is made but fuzzy ones)."""
        np = self.np
        state = self._state(query)
        kids, tiers = state[6], state[7]
        length = len(query)
        if tiers is None:
            kids, tiers = self._tiers(state, length)
        tools_found = tools_sorted = kids[:0]
        codes_sorted: Any = kids[:0]
        kids_sorted = kids[:0]
        if kids.size:
            # Best key of each tool: highest tier, then shortest, then earliest key.
            combined = tiers * self.tier_weight + self.key_rank[kids]
            key_tools = self.key_tool[kids]
            group = np.flatnonzero(np.concatenate(([True], key_tools[1:] != key_tools[:-1])))
            # (With one matching key per tool there is nothing to reduce.)
            single = group.size == kids.size
            best = combined if single else np.maximum.reduceat(combined, group)
            tools_found = key_tools[group]
            span = self.local_span
            code = best // span  # tier * 256 + shortness
            best_kid = self.tool_first[tools_found] + (span - 1 - best % span)
            # Descending code, ties by ascending tool index: a stable radix sort on 16 bits.
            order = np.argsort((7 * 256 - code).astype(np.uint16), kind="stable")
            tools_sorted = tools_found[order]
            codes_sorted = code.take(order)
            kids_sorted = best_kid.take(order)
        fuzzy: list[Match] = []
        if length >= FUZZY_MIN_LENGTH and tools_found.size < FUZZY_CAP:
            fuzzy = self.fuzzy_tier.matches(query, tools_found)
        tools = tools_sorted
        if fuzzy:
            fuzzy_tools = np.array([match.tool_index for match in fuzzy], dtype=tools.dtype)
            tools = np.concatenate([tools, fuzzy_tools])
        return RankedResult(self, tools, codes_sorted, kids_sorted, fuzzy)

    def _tiers(self, state: QueryState, length: int) -> tuple[IntArray, Any]:
        """The keys that match a query of 2+ characters, ascending, and their tiers: those
        holding it as a substring (tiers 3-6), then those holding it as a subsequence that
        starts at a word start and skips at most subsequence_slack characters (tier 2)."""
        np = self.np
        owners, _, classes, pair_kids, pair_first, pair_last = state[:6]
        close = (pair_last - pair_first) < length + subsequence_slack(length)
        seq_kids = pair_kids[close]  # in text order, so ascending
        if seq_kids.size:
            seq_kids = seq_kids[np.concatenate(([True], seq_kids[1:] != seq_kids[:-1]))]
        if not owners.size:
            return seq_kids, np.full(seq_kids.size, SUBSEQUENCE, dtype=np.int8)
        first = np.flatnonzero(np.concatenate(([True], owners[1:] != owners[:-1])))
        # Per key, its best occurrence: 2 at its start, 1 at a word start, else 0.
        best = np.maximum.reduceat(classes, first)
        sub_kids = owners[first]
        best += SUBSTRING
        best[(best == PREFIX) & (self.full_lengths[sub_kids] == length)] = EXACT
        if not seq_kids.size:
            return sub_kids, best
        kids = np.union1d(sub_kids, seq_kids).astype(np.int32)
        scratch = np.full(self.key_count, SUBSEQUENCE, dtype=np.int8)
        scratch[sub_kids] = best
        return kids, scratch[kids]

    def name_of(self, tool: int) -> str:
        """The name of tool `tool` (its first key)."""
        return str(self.key_text[int(self.tool_first[tool])])

    def make(self, tools: IntArray, codes: Any, kids: IntArray) -> list[Match]:
        """New Match objects: each field gathered by numpy, then zipped into tuples at C
        speed. Public for RankedResult, which makes a result's Matches when asked."""
        fields = zip(
            tools.tolist(),
            self.score_of.take(codes).tolist(),
            self.key_text.take(kids).tolist(),
            self.key_alias.take(kids).tolist(),
            strict=True,
        )
        count = len(tools)
        with paused(promote=count >= PROMOTE_FROM):
            return list(map(tuple.__new__, repeat(Match, count), fields))
