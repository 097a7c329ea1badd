"""Fuzzy search over tool names and aliases, fast enough to re-rank on every keystroke.

Matching ignores case (casefold) and compares the query with every name and alias; each
tool appears once, with its best key. Tiers, best first (the integer part of the score):

    6 exact key        "tf"         -> "TF"
    5 key prefix       "tfs"        -> "TFServing"
    4 word prefix      "pipe"       -> "Kubeflow Pipelines", "GraphPipe"
    3 substring        "flow"       -> "MLflow"
    2 subsequence      "sagemkr"    -> "Sagemaker" (letters dropped)
    1 fuzzy typo       "kuberentes" -> "Kubernetes"

Within tiers 2-6 a shorter key ranks first (its score has the larger fraction). Tier 1
forgives a typo (substitution, transposition, extra letter) in queries of 4 or more
characters: all but one query letter (two from 10 letters on) must appear in order in
the key, and rapidfuzz's WRatio orders those. It is a fallback, searched only while the
other tiers found fewer than FUZZY_CAP tools, and holds at most FUZZY_CAP keys. Ties go
to the lower tool index, so every result is deterministic.

Two engines give identical results (the tests check). Small catalogs use plain Python.
Large ones use numpy when it is installed, imported only then: every key is laid out in
one text, with each character's positions listed once at build time, and a keystroke
that extends the previous query only filters that query's occurrences. A result is a few
arrays (each rank's tool, score code and key), kept only while its query is the current
one or a prefix of it; a rank's Match is made when asked for (a pane asks for the rows
it draws). At 100,000 tools the index holds ~35 MB.
"""

from __future__ import annotations

import gc
import string
import threading
import weakref
from collections import Counter, OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import accumulate, chain, repeat
from operator import add, attrgetter
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Indel, LCSseq

from mlseg_tui.domain.model import Tool
from mlseg_tui.domain.placement import Placement

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int32]

EXACT, PREFIX, WORD, SUBSTRING, SUBSEQUENCE, FUZZY = 6, 5, 4, 3, 2, 1
# Typos are only forgiven from this query length on: shorter ones would match nearly anything.
FUZZY_MIN_LENGTH = 4
# The fuzzy tier is a fallback: it is searched only while the other tiers found fewer than
# this many tools, and then holds at most this many keys (the closest by LCS).
FUZZY_CAP = 100
# From this many keys on, the numpy engine is used (when numpy is installed).
NUMPY_MIN_KEYS = 600
# Recent per-query states kept for incremental narrowing (typing forward and backspacing).
STATE_CACHE_SIZE = 16
# Per-character counts kept for the fuzzy pre-filter (characters typed more than once).
COUNTS_CACHE_SIZE = 8
# From this many new Match objects on, a search moves them to the collector's oldest
# generation (see _collector_paused).
PROMOTE_FROM = 1000

_LEN_CAP = 255  # key lengths above this tie with each other in the shorter-key tiebreak


class Match(NamedTuple):
    """One matching tool: its index, its score (higher is better) and the key that matched.

    A named tuple: a one-letter query at 100,000 tools makes ~80,000 of them, and a tuple
    is made in one C call, three times faster than a slots dataclass.
    """

    tool_index: int
    score: float
    key: str
    key_is_alias: bool


class SearchResult:
    """Every matching tool once, best first.

    The numpy engine gives a result as arrays (tool, score code and key of each rank) and
    makes a rank's Match only when asked: a pane draws a screenful of rows, while a
    one-letter query at 100,000 tools matches ~80,000 tools. `matches` makes them all.
    """

    __slots__ = ("_all", "_rank_of", "_ranked", "query")

    def __init__(
        self, query: str, matches: list[Match] | None = None, ranked: _Ranked | None = None
    ) -> None:
        self.query = query
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


class _Ranked:
    """A numpy-engine result: per rank, its tool, score code and key (tiers 2-6), then
    the fuzzy tier's few Matches. Match objects are made from them when asked."""

    __slots__ = ("codes", "engine", "fuzzy", "kids", "tools")

    def __init__(
        self, engine: _NumpyEngine, tools: IntArray, codes: Any, kids: IntArray, fuzzy: list[Match]
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
            *self.engine._make(self.tools[: self.kids.size], self.codes, self.kids),
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


def fold(text: str) -> str:
    """The case-insensitive form of a key or query (NUL is dropped: it separates keys)."""
    return text.casefold().replace("\x00", "")


def fuzzy_allowance(length: int) -> int:
    """How many query characters a fuzzy match may leave unmatched."""
    return 1 if length < 10 else 2


def _aligned(key: str, folded: str) -> str:
    # Case is read from the original key; when folding changed the length ("ß" -> "ss")
    # positions no longer line up, so the folded text is used and camelCase is lost.
    return key if len(key) == len(folded) else folded


def position_classes(aligned: str) -> list[int]:
    """Per character: 2 at the key's start, 1 where a word starts, else 0.

    A word starts at a letter or digit after a non-alphanumeric character, at a capital
    after a lowercase letter ("Graph|Pipe") and at the last capital of an acronym followed
    by lowercase ("TF|Serving").
    """
    classes = [0] * len(aligned)
    for p, char in enumerate(aligned):
        if p == 0:
            classes[p] = 2
        elif char.isalnum():
            before = aligned[p - 1]
            upper = char.isupper()
            if (
                not before.isalnum()
                or (upper and before.islower())
                or (
                    upper and before.isupper() and p + 1 < len(aligned) and aligned[p + 1].islower()
                )
            ):
                classes[p] = 1
    return classes


def _is_subsequence(query: str, text: str) -> bool:
    chars = iter(text)
    return all(char in chars for char in query)


def _score(tier: int, length: int) -> float:
    # Tier in the integer part; a shorter key gets a larger fraction, always below 1.
    return tier + (_LEN_CAP - min(length, _LEN_CAP)) / 256


def _fuzzy_score(wratio: float) -> float:
    return FUZZY + wratio / 100 * (255 / 256)


_NAME = attrgetter("name")
_ALIASES = attrgetter("aliases")


class _Keys:
    """Every key of every tool, flattened: key id -> text, folded text, tool, position."""

    def __init__(self, tools: Sequence[Tool]) -> None:
        # Built with C-level iterators: at 100,000 tools a Python loop here costs ~0.2 s.
        try:
            per_tool = list(map(add, zip(map(_NAME, tools)), map(_ALIASES, tools)))
        except TypeError:  # aliases given as a list rather than the model's tuple
            per_tool = [(tool.name, *tool.aliases) for tool in tools]
        self.counts: list[int] = list(map(len, per_tool))
        self.text: list[str] = list(chain.from_iterable(per_tool))
        self.tool: list[int] = list(
            chain.from_iterable(map(repeat, range(len(tools)), self.counts))
        )
        self.local: list[int] = list(chain.from_iterable(map(range, self.counts)))
        self.first: list[int] = list(accumulate(self.counts, initial=0))[:-1]
        folded = list(map(str.casefold, self.text))
        if "\x00" in "".join(folded):
            folded = list(map(fold, self.text))
        self.folded: list[str] = folded
        self.count = len(self.text)

    def aligned(self) -> list[str]:
        """Each key in the form position_classes reads (see _aligned)."""
        if list(map(len, self.text)) == list(map(len, self.folded)):
            return self.text
        return list(map(_aligned, self.text, self.folded))

    def match(self, kid: int, tier: int) -> Match:
        return Match(
            self.tool[kid], _score(tier, len(self.folded[kid])), self.text[kid], self.local[kid] > 0
        )

    def folded_of(self, kid: int) -> str:
        return self.folded[kid]

    def tool_of(self, kid: int) -> int:
        return self.tool[kid]

    def local_of(self, kid: int) -> int:
        return self.local[kid]

    def text_of(self, kid: int) -> str:
        return self.text[kid]


class _KeyLookup(Protocol):
    """A key's folded text, tool, position among its tool's keys and text, by key id."""

    def folded_of(self, kid: int) -> str: ...
    def tool_of(self, kid: int) -> int: ...
    def local_of(self, kid: int) -> int: ...
    def text_of(self, kid: int) -> str: ...


def _rank_fuzzy(query: str, candidates: list[tuple[int, int]], keys: _KeyLookup) -> list[Match]:
    """The fuzzy tier from (key id, LCS) pairs of tools with no better match.

    Shared by both engines so that they agree exactly: the FUZZY_CAP keys with the
    longest common subsequence (then shorter, up to _LEN_CAP, then lower id) are scored
    with WRatio.
    """
    folded_of = keys.folded_of
    candidates.sort(key=lambda pair: (-pair[1], min(len(folded_of(pair[0])), _LEN_CAP), pair[0]))
    chosen = [kid for kid, _ in candidates[:FUZZY_CAP]]
    # One call into rapidfuzz for all of them: WRatio is its costliest scorer.
    ratios = process.extract(
        query, [folded_of(kid) for kid in chosen], scorer=fuzz.WRatio, limit=None
    )
    best: dict[int, tuple[float, int, int]] = {}
    for _, ratio, position in ratios:
        kid = chosen[position]
        score = _fuzzy_score(ratio)
        tool = keys.tool_of(kid)
        entry = (score, -keys.local_of(kid), kid)
        if tool not in best or entry > best[tool]:
            best[tool] = entry
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
    return [
        Match(tool, score, keys.text_of(kid), keys.local_of(kid) > 0)
        for tool, (score, _, kid) in ranked
    ]


class _PythonEngine:
    """The reference engine: a plain scan, fast enough for a few hundred tools."""

    def __init__(self, tools: Sequence[Tool]) -> None:
        self.keys = _Keys(tools)
        self.classes = list(map(position_classes, self.keys.aligned()))

    def tier(self, query: str, kid: int) -> int:
        folded = self.keys.folded[kid]
        pos = folded.find(query)
        if pos < 0:
            return SUBSEQUENCE if _is_subsequence(query, folded) else 0
        if pos == 0:
            return EXACT if len(folded) == len(query) else PREFIX
        classes = self.classes[kid]
        while pos >= 0:
            if classes[pos]:
                return WORD
            pos = folded.find(query, pos + 1)
        return SUBSTRING

    def search(self, query: str) -> tuple[list[Match], None]:
        keys = self.keys
        best: dict[int, tuple[int, int, int]] = {}  # tool -> (code, -local, key id)
        for kid in range(keys.count):
            tier = self.tier(query, kid)
            if tier:
                code = tier * 256 + _LEN_CAP - min(len(keys.folded[kid]), _LEN_CAP)
                entry = (code, -keys.local[kid], kid)
                tool = keys.tool[kid]
                if tool not in best or entry > best[tool]:
                    best[tool] = entry
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
        matches = [keys.match(kid, code >> 8) for _, (code, _, kid) in ranked]
        length = len(query)
        if length >= FUZZY_MIN_LENGTH and len(best) < FUZZY_CAP:
            need = length - fuzzy_allowance(length)
            candidates = []
            for kid in range(keys.count):
                if keys.tool[kid] not in best:
                    lcs = int(LCSseq.similarity(query, keys.folded[kid], score_cutoff=need))
                    if lcs >= need:
                        candidates.append((kid, lcs))
            matches += _rank_fuzzy(query, candidates, keys)
        return matches, None


# A query's state in the numpy engine: its substring occurrences in text order (the key id,
# offset in the key and position class of each one's start), and for each key holding the
# query as a subsequence, its id and the text position of the last character of the greedy
# leftmost match. Extending the query by a character only filters these arrays. A
# one-letter state also holds its keys' tiers (the runs that give them are found anyway).
_State = tuple["IntArray", Any, Any, "IntArray", "IntArray", Any]


@contextmanager
def _collector_paused(promote: bool) -> Iterator[None]:
    """Keep the cyclic garbage collector out of a burst of allocations.

    Tens of thousands of new Match objects would otherwise set off dozens of young
    collections, about doubling the cost of making them. Then, as they outlive a few
    young collections, they would count towards the next full one, which at 100,000
    tools walks ~2M objects (~100-150 ms): in the browser, ~10 ms more CPU a key. With
    `promote` everything young is moved to the oldest generation unscanned, as the loader
    does after a load (gc.freeze() then gc.unfreeze(), both O(1)): there it counts for no
    collection, and garbage among it waits for the next full one. Not done when the
    process keeps frozen objects of its own (unfreeze() would release them).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if promote and not gc.get_freeze_count():
            gc.freeze()
            gc.unfreeze()
        if was_enabled:
            gc.enable()


class _NumpyEngine:
    """The same ranking as _PythonEngine, vectorised over one text of all folded keys.

    At 100,000 tools (~200,000 keys, ~3 million characters) it holds ~30 MB of position
    tables and ~12 MB of per-key arrays; no Match objects (a result makes them when asked).
    """

    def __init__(self, tools: Sequence[Tool]) -> None:
        import numpy as np

        self.np = np
        with _collector_paused(promote=True):
            texts, self.key_tool, self.tool_first = _flat_keys(np, tools)
            self.key_count = len(texts)
            self.tool_count = len(tools)
            self.segments = SegmentCodes(np)
            self.states: OrderedDict[str, _State] = OrderedDict()
            # Results of the current query and of its prefixes (typed before it, shown
            # again on backspace), as arrays. No others.
            self.results: dict[str, _Ranked] = {}
            self.counts: OrderedDict[str, Any] = OrderedDict()
            self._index_text(texts)
            self._index_keys()
            self._key_fields(texts)

    def _index_text(self, texts: list[str]) -> None:
        """Per text position. Each key is followed by a NUL, which no query holds, so no
        match spans two keys."""
        np, n = self.np, self.key_count
        folded, aligned = _joined_keys(texts)
        self.folded_text = folded  # the fuzzy tier reads candidate keys from it
        codes = self.codes = _code_array(np, folded + "\x00") if n else np.zeros(0, np.uint8)
        self.ends = np.flatnonzero(codes == 0).astype(np.int32)
        self.starts = np.zeros(n, dtype=np.int32)
        self.starts[1:] = self.ends[:-1] + 1
        self.full_lengths = self.ends - self.starts
        classes = _classes(np, aligned, self.starts, self.ends)
        del aligned
        # Every position but the NULs grouped by character (ascending within one), with
        # its key id and class: a keystroke reads one compact slice per character.
        self.perm_owner, self.perm_offset, self.perm_class, self.bounds = _group_positions(
            np, codes, classes, self.starts, self.ends
        )

    def _index_keys(self) -> None:
        """Per key. Ids follow the tools, so a tool's keys are consecutive, name first."""
        np, n = self.np, self.key_count
        key_local = np.arange(n, dtype=np.int32) - self.tool_first.take(self.key_tool)
        self.key_alias = key_local > 0
        self.lengths = np.minimum(self.full_lengths, _LEN_CAP).astype(np.uint8)
        # Key ids by (capped length, id): the order of keys within a tier and of fuzzy
        # candidates. A stable sort of bytes is a fast radix sort.
        self.by_length = np.argsort(self.lengths, kind="stable").astype(np.int32)
        self.place = np.empty(n, dtype=np.int32)  # key id -> its place in by_length
        self.place[self.by_length] = np.arange(n, dtype=np.int32)
        span = self.local_span = int(key_local.max()) + 1 if n else 1
        # A key's rank within a tier, higher is better: shorter, then earlier in its tool.
        wide = np.int64 if span > 100_000 else np.int32  # (EXACT + 1) * 256 * span must fit
        bonus = _LEN_CAP - self.lengths.astype(wide)
        self.key_rank = bonus * span + (span - 1 - key_local).astype(wide)
        self.tier_weight = wide(256 * span)
        self.masks = _key_masks(np, self.codes, self.starts)[self.by_length]

    def _key_fields(self, texts: list[str]) -> None:
        """What Match objects are made of, as arrays a result takes from: each key's text,
        every score by code (tier * 256 + shortness). A result makes a rank's Match only
        when asked (see SearchResult), so the index holds no Match objects."""
        np, n = self.np, self.key_count
        self.key_text = np.fromiter(texts, dtype=object, count=n)
        self.score_of = np.fromiter(
            (_score(code >> 8, _LEN_CAP - (code & 255)) for code in range((EXACT + 1) * 256)),
            dtype=object,
            count=(EXACT + 1) * 256,
        )

    # ------------------------------------------------------------------ query states

    def _char(self, char: str) -> tuple[IntArray, Any, Any]:
        """Where `char` occurs, in text order: key ids, offsets in the keys, classes."""
        lo, hi = self.bounds.get(ord(char), _NO_BOUNDS)
        return self.perm_owner[lo:hi], self.perm_offset[lo:hi], self.perm_class[lo:hi]

    def _positions(self, char: str) -> IntArray:
        """The text positions of `char`, ascending."""
        owners, offsets, _ = self._char(char)
        return self.starts.take(owners) + offsets

    def _counts(self, char: str) -> Any:
        """How often `char` occurs in each key (up to 255), in (length, id) order."""
        counts = self.counts.get(char)
        if counts is None:
            np = self.np
            found = np.bincount(self.place[self._char(char)[0]], minlength=self.key_count)
            counts = self.counts[char] = np.minimum(found, 255).astype(np.uint8)
            while len(self.counts) > COUNTS_CACHE_SIZE:
                self.counts.popitem(last=False)
        else:
            self.counts.move_to_end(char)
        return counts

    def _first(self, char: str) -> _State:
        np = self.np
        owners, offsets, classes = self._char(char)
        if not owners.size:
            return owners, offsets, classes, owners, owners, classes
        # Each key's occurrences are consecutive: the first of each run is its leftmost,
        # the best class of each run gives the key's tier.
        runs = np.flatnonzero(np.concatenate(([True], owners[1:] != owners[:-1])))
        kids = owners.take(runs)
        tiers = np.maximum.reduceat(classes, runs) + np.int8(SUBSTRING)
        tiers[(tiers == PREFIX) & (self.full_lengths.take(kids) == 1)] = EXACT
        return owners, offsets, classes, kids, self.starts.take(kids) + offsets.take(runs), tiers

    def _extend(self, state: _State, length: int, char: str) -> _State:
        """The state of query+char from the state of query (which has `length` chars)."""
        owners, offsets, classes, kids, last, _ = state
        if ord(char) not in self.bounds:
            return owners[:0], offsets[:0], classes[:0], kids[:0], last[:0], None
        if owners.size:
            following = self.starts.take(owners) + offsets + length
            keep = self.codes[following] == ord(char)
            owners, offsets, classes = owners[keep], offsets[keep], classes[keep]
        positions = self._positions(char)
        following = positions.searchsorted(last, "right")
        found = following < positions.size
        kids, following = kids[found], following[found]
        nxt = positions[following]
        inside = nxt < self.ends[kids]
        return owners, offsets, classes, kids[inside], nxt[inside], None

    def _state(self, query: str) -> _State:
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

    def search(self, query: str) -> tuple[None, _Ranked]:
        results = self.results
        for kept in [kept for kept in results if not query.startswith(kept)]:
            del results[kept]
        found = results.get(query)
        if found is None:
            found = results[query] = self._rank(query)
        return None, found

    def _rank(self, query: str) -> _Ranked:
        """`query`'s ranking, best first, as arrays (no Match is made but fuzzy ones)."""
        np = self.np
        owners, _, classes, kids, _, tiers = self._state(query)
        length = len(query)
        tools_found = tools_sorted = kids[:0]
        codes_sorted: Any = kids[:0]
        kids_sorted = kids[:0]
        if kids.size:
            if tiers is None:
                tiers = self._tiers(owners, classes, kids, length)
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
            fuzzy = self._fuzzy(query, tools_found)
        tools = tools_sorted
        if fuzzy:
            fuzzy_tools = np.array([match.tool_index for match in fuzzy], dtype=tools.dtype)
            tools = np.concatenate([tools, fuzzy_tools])
        return _Ranked(self, tools, codes_sorted, kids_sorted, fuzzy)

    def _tiers(self, owners: IntArray, classes: Any, kids: IntArray, length: int) -> Any:
        """The tier of each key in `kids` (every key holding the query as a subsequence).

        `owners` and `classes` describe the query's substring occurrences, in text order.
        """
        np = self.np
        if not owners.size:
            return np.full(kids.size, SUBSEQUENCE, dtype=np.int8)
        first = np.flatnonzero(np.concatenate(([True], owners[1:] != owners[:-1])))
        # Per key, its best occurrence: 2 at its start, 1 at a word start, else 0.
        best = np.maximum.reduceat(classes, first)
        sub_kids = owners[first]
        best += SUBSTRING
        best[(best == PREFIX) & (self.full_lengths[sub_kids] == length)] = EXACT
        if sub_kids.size == kids.size:
            return best  # every key holds the query as a substring (always for one letter)
        scratch = np.zeros(self.key_count, dtype=np.int8)
        scratch[sub_kids] = best - SUBSEQUENCE
        return scratch[kids] + np.int8(SUBSEQUENCE)

    def _make(self, tools: IntArray, codes: Any, kids: IntArray) -> list[Match]:
        """New Match objects: each field gathered by numpy, then zipped into tuples at C
        speed (~0.15 µs a Match)."""
        fields = zip(
            tools.tolist(),
            self.score_of.take(codes).tolist(),
            self.key_text.take(kids).tolist(),
            self.key_alias.take(kids).tolist(),
            strict=True,
        )
        count = len(tools)
        with _collector_paused(promote=count >= PROMOTE_FROM):
            return list(map(tuple.__new__, repeat(Match, count), fields))

    # ------------------------------------------------------------------ fuzzy tier

    def folded_of(self, kid: int) -> str:
        return self.folded_text[self.starts[kid] : self.ends[kid]]

    def tool_of(self, kid: int) -> int:
        return int(self.key_tool[kid])

    def local_of(self, kid: int) -> int:
        return kid - int(self.tool_first[self.key_tool[kid]])

    def text_of(self, kid: int) -> str:
        return str(self.key_text[kid])

    def _fuzzy(self, query: str, tools_found: IntArray) -> list[Match]:
        np = self.np
        length = len(query)
        allowance = fuzzy_allowance(length)
        need = length - allowance
        # Cheap filter first: a common subsequence cannot use more of a letter than either
        # string holds, so a key sharing fewer than `need` letters (with repeats) is out.
        # Letters and digits that the query holds once are looked up in each key's bit
        # mask; any other character is counted per key (counts are kept per character).
        single = 0
        others = []
        for char, wanted in Counter(query).items():
            bit = _ALNUM_BITS.get(char)
            if bit is not None and wanted == 1:
                single |= bit
            else:
                others.append((char, wanted))
        # In (length, id) order throughout, so candidates come out in that order.
        shared = np.bitwise_count(self.masks & np.uint64(single)).astype(np.int16)
        for char, wanted in others:
            shared += np.minimum(self._counts(char), wanted)
        candidates = self.by_length[shared >= need]
        matched = np.zeros(self.tool_count, dtype=bool)
        matched[tools_found] = True
        candidates = candidates[~matched[self.key_tool[candidates]]]
        if not candidates.size:
            return []
        text = self.folded_text
        found: list[Any] = []
        best_count = 0  # candidates found with the highest LCS an unmatched key can have
        start, size = 0, 4 * FUZZY_CAP
        # Candidates come in (length, id) order, so once FUZZY_CAP of them reach LCS
        # length - 1 (length would be a subsequence match) no later one can rank above.
        while start < candidates.size and best_count < FUZZY_CAP:
            chunk = candidates[start : start + size]
            spans = map(slice, self.starts[chunk].tolist(), self.ends[chunk].tolist())
            texts = list(map(text.__getitem__, spans))
            lcs = process.cdist(
                [query], texts, scorer=LCSseq.similarity, score_cutoff=need, dtype=np.int32
            )[0]
            keep = lcs >= need
            found.append((chunk[keep], lcs[keep]))
            best_count += int(np.count_nonzero(lcs == length - 1))
            start += size
            size *= 2
        kids = np.concatenate([pair[0] for pair in found])
        lcs = np.concatenate([pair[1] for pair in found])
        order = np.lexsort((kids, self.lengths[kids], -lcs))[:FUZZY_CAP]
        pairs = list(zip(kids[order].tolist(), lcs[order].tolist(), strict=True))
        return _rank_fuzzy(query, pairs, self)


_NO_BOUNDS = (0, 0)
_ALNUM_BITS = {char: 1 << bit for bit, char in enumerate(string.ascii_lowercase + string.digits)}
# Keys per step of the build steps that make temporaries per key (the fuzzy bit masks).
_KEY_BLOCK = 1 << 14
# Text positions per step of the other build steps that would take several bytes of
# temporaries per character.
_BLOCK = 1 << 18


def _flat_keys(np: Any, tools: Sequence[Tool]) -> tuple[list[str], IntArray, IntArray]:
    """Every key's text, tool by tool (name first), each key's tool, each tool's first key."""
    aliases = list(map(_ALIASES, tools))
    counts = np.fromiter(map(len, aliases), dtype=np.int32, count=len(aliases)) + 1
    try:
        texts = list(chain.from_iterable(map(add, zip(map(_NAME, tools)), aliases)))
    except TypeError:  # aliases given as a list rather than the model's tuple
        texts = [key for tool in tools for key in (tool.name, *tool.aliases)]
    key_tool = np.repeat(np.arange(len(tools), dtype=np.int32), counts)
    tool_first = np.zeros(len(tools), dtype=np.int32)
    np.cumsum(counts[:-1], out=tool_first[1:])
    return texts, key_tool, tool_first


def _joined_keys(texts: list[str]) -> tuple[str, str]:
    """Every key folded, NUL-joined; and the same keys in the form position_classes reads."""
    joined = "\x00".join(texts)
    if joined.count("\x00") == max(len(texts) - 1, 0):
        folded = joined.casefold()
        if len(folded) == len(joined):
            # Folding never shortens a character, so every key kept its length.
            return folded, joined
    folded_keys = list(map(fold, texts))
    return "\x00".join(folded_keys), "\x00".join(map(_aligned, texts, folded_keys))


def _classes(np: Any, aligned: str, starts: IntArray, ends: IntArray) -> Any:
    """position_classes of every key in `aligned` (the NUL-joined keys), one block of keys
    at a time: at once, its temporaries would take ~9 bytes a character."""
    classes = np.zeros(int(ends[-1]) + 1 if ends.size else 0, dtype=np.int8)
    if not classes.size:
        return classes
    cuts = np.unique(starts.searchsorted(np.arange(0, classes.size, _BLOCK)))
    cuts = cuts[cuts < starts.size].tolist()  # the first key of each block
    for first, last in zip(cuts, [*cuts[1:], starts.size], strict=True):
        lo, hi = int(starts[first]), int(ends[last - 1])  # keys first..last-1, with NULs
        block = _class_array(np, aligned[lo:hi], starts[first:last] - lo)
        classes[lo : lo + block.size] = block
    return classes


def _group_positions(
    np: Any, codes: Any, classes: Any, starts: IntArray, ends: IntArray
) -> tuple[IntArray, Any, Any, dict[int, tuple[int, int]]]:
    """Every text position but the NULs grouped by character, in text order within one, as
    its key id and its offset in that key; its class; and each character's bounds.

    An offset takes a byte where every key is shorter than 256 characters, a text position
    four. A stable counting sort done one block of positions at a time, so that temporaries
    stay the size of a block: one argsort of all positions would take 8 bytes a character.
    """
    counts = np.bincount(codes) if codes.size else np.zeros(1, dtype=np.int64)
    counts[0] = 0  # one NUL follows each key; no query holds one
    firsts = np.zeros(counts.size, dtype=np.int64)
    np.cumsum(counts[:-1], out=firsts[1:])
    total = int(counts.sum())
    longest = int((ends - starts).max()) if starts.size else 0
    offset_type = np.uint8 if longest < 256 else np.uint16 if longest < 65536 else np.int32
    owners_out = np.empty(total, dtype=np.int32)
    offsets_out = np.empty(total, dtype=offset_type)
    classes_out = np.empty(total, dtype=classes.dtype)
    free = firsts.copy()  # each character's next free slot
    lengths = ends - starts + 1  # with the NUL
    for lo in range(0, codes.size, _BLOCK):
        hi = min(lo + _BLOCK, codes.size)
        block = codes[lo:hi]
        order = np.argsort(block, kind="stable")
        block_counts = np.bincount(block, minlength=counts.size)
        order = order[block_counts[0] :]  # the NULs sort first
        block_counts[0] = 0
        block_firsts = np.cumsum(block_counts) - block_counts
        sorted_codes = block.take(order)
        slots = free.take(sorted_codes) + (np.arange(order.size) - block_firsts.take(sorted_codes))
        free += block_counts
        # The keys that hold positions lo..hi-1, one key id per position.
        first, last = ends.searchsorted(lo), ends.searchsorted(hi - 1)
        owners = np.repeat(np.arange(first, last + 1, dtype=np.int32), lengths[first : last + 1])
        skip = lo - int(starts[first])
        owners = owners[skip : skip + block.size].take(order)
        owners_out[slots] = owners
        offsets_out[slots] = order + lo - starts.take(owners)
        classes_out[slots] = classes[lo:hi].take(order)
    present = np.flatnonzero(counts).tolist()
    bounds = {code: (int(firsts[code]), int(firsts[code] + counts[code])) for code in present}
    return owners_out, offsets_out, classes_out, bounds


def _key_masks(np: Any, codes: Any, starts: IntArray) -> Any:
    """Per key, one bit for each ASCII letter or digit it holds (the fuzzy pre-filter)."""
    bits = np.zeros(256, dtype=np.uint64)
    for char, bit in _ALNUM_BITS.items():
        bits[ord(char)] = bit
    narrow = codes if codes.dtype == np.uint8 else np.minimum(codes, 255).astype(np.uint8)
    masks = np.zeros(starts.size, dtype=np.uint64)
    for lo in range(0, starts.size, _KEY_BLOCK):
        hi = min(lo + _KEY_BLOCK, starts.size)
        begin = int(starts[lo])
        end = int(starts[hi]) if hi < starts.size else narrow.size
        masks[lo:hi] = np.bitwise_or.reduceat(bits[narrow[begin:end]], starts[lo:hi] - begin)
    return masks


def _code_array(np: Any, text: str) -> Any:
    """`text` as an array of code points, one byte each when it is Latin-1."""
    try:
        return np.frombuffer(text.encode("latin-1"), dtype=np.uint8)
    except UnicodeEncodeError:
        return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _char_table(np: Any, codes: Any, test: str) -> Any:
    """`codes` mapped through a str predicate such as "isalnum", computed once per char."""
    if codes.dtype == np.uint8:
        table = np.array([getattr(chr(c), test)() for c in range(256)], dtype=bool)
        return table[codes]
    alphabet = np.unique(codes)
    table = np.array([getattr(chr(c), test)() for c in alphabet.tolist()], dtype=bool)
    return table[alphabet.searchsorted(codes)]


def _class_array(np: Any, aligned: str, starts: Any) -> Any:
    """position_classes for every key at once, over the NUL-joined aligned keys."""
    codes = _code_array(np, aligned)
    alnum = _char_table(np, codes, "isalnum")
    upper = _char_table(np, codes, "isupper")
    lower = _char_table(np, codes, "islower")
    start = np.zeros(codes.size, dtype=bool)
    start[1:] = alnum[1:] & (
        ~alnum[:-1] | (upper[1:] & lower[:-1]) | (upper[1:] & upper[:-1] & _next(np, lower))
    )
    classes = start.astype(np.int8)
    classes[starts] = 2
    return classes


def _next(np: Any, flags: Any) -> Any:
    # flags shifted left by one, False past the end; aligned with positions 1..n-1.
    shifted = np.zeros(max(flags.size - 1, 0), dtype=bool)
    shifted[:-1] = flags[2:]
    return shifted


def _numpy_available() -> bool:
    try:
        import numpy
    except ImportError:
        return False
    return hasattr(numpy, "bitwise_count")  # numpy 2.0 or later


class SearchIndex:
    """Ranks tools for a query; build once per catalog, call search() per keystroke."""

    def __init__(self, tools: Sequence[Tool]) -> None:
        self._engine: _PythonEngine | _NumpyEngine
        # The UI searches from worker threads; engines keep caches, so one search at a time.
        self._lock = threading.Lock()
        self.update(tools)

    def update(self, tools: Sequence[Tool]) -> None:
        """Rebuild after tools were added or renamed (moves do not change any key)."""
        key_count = sum(len(tool.aliases) + 1 for tool in tools)
        engine: _PythonEngine | _NumpyEngine
        if key_count >= NUMPY_MIN_KEYS and _numpy_available():
            engine = _NumpyEngine(tools)
        else:
            engine = _PythonEngine(tools)
        with self._lock:
            self._engine = engine

    def search(self, query: str) -> SearchResult:
        """Every matching tool once, best first; a blank query matches nothing."""
        folded = fold(query.strip())
        if not folded:
            return SearchResult(query, [])
        with self._lock:
            matches, ranked = self._engine.search(folded)
        return SearchResult(query, matches, ranked)


# ---------------------------------------------------------------------- highlighting


def highlight_positions(query: str, text: str) -> list[int]:
    """Indices of `text`'s characters to highlight for `query`, ignoring case.

    A contiguous match if there is one (at a word start if possible), else a subsequence
    that favours word starts and runs, else the characters rapidfuzz aligns.
    """
    wanted = fold(query.strip())
    if not wanted or not text:
        return []
    pieces = [fold(char) for char in text]
    folded = "".join(pieces)
    # Folding may turn one character into several: map folded positions back.
    back = [i for i, piece in enumerate(pieces) for _ in piece]
    classes = position_classes(_aligned(text, folded))
    found = _best_substring(wanted, folded, classes)
    if found is None:
        found = _best_subsequence(wanted, folded, classes)
    if found is None:
        found = [
            block.dest_start + offset
            for block in Indel.opcodes(wanted, folded)
            if block.tag == "equal"
            for offset in range(block.dest_end - block.dest_start)
        ]
    return sorted({back[p] for p in found})


def _best_substring(query: str, text: str, classes: list[int]) -> list[int] | None:
    pos = text.find(query)
    if pos < 0:
        return None
    first = pos
    while pos >= 0 and not classes[pos]:
        pos = text.find(query, pos + 1)
    start = first if pos < 0 else pos
    return list(range(start, start + len(query)))


def _best_subsequence(query: str, text: str, classes: list[int]) -> list[int] | None:
    """The subsequence alignment with the most word starts and adjacent pairs."""
    if not _is_subsequence(query, text):
        return None
    n = len(text)
    none = -1 << 30
    # score[j]: best score with the current query char at text[j]; links for backtracking.
    score = [(2 if classes[j] else 0) if text[j] == query[0] else none for j in range(n)]
    links: list[list[int]] = []
    for char in query[1:]:
        new = [none] * n
        link = [-1] * n
        best, best_at = none, -1  # best score among positions before j - 1
        for j in range(1, n):
            if j >= 2 and score[j - 2] > best:
                best, best_at = score[j - 2], j - 2
            if text[j] != char:
                continue
            bonus = 2 if classes[j] else 0
            if score[j - 1] > none and score[j - 1] + 1 >= best:
                new[j], link[j] = score[j - 1] + 1 + bonus, j - 1
            elif best > none:
                new[j], link[j] = best + bonus, best_at
        score = new
        links.append(link)
    end = max(range(n), key=lambda j: (score[j], -j))
    path = [end]
    for link in reversed(links):
        path.append(link[path[-1]])
    return path[::-1]
