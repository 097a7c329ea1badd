"""The numpy engine's fuzzy tier: a cheap filter by shared letters, then the shared
ranking of `ranking.rank_fuzzy` over the few keys left."""

from __future__ import annotations

from collections import Counter, OrderedDict
from typing import TYPE_CHECKING, Any

from rapidfuzz import process
from rapidfuzz.distance import LCSseq

from mlseg_tui.search.numpy_tables import ALNUM_BITS
from mlseg_tui.search.ranking import FUZZY_CAP, fuzzy_allowance, rank_fuzzy
from mlseg_tui.search.result import Match

if TYPE_CHECKING:
    from mlseg_tui.search.numpy_engine import NumpyEngine
    from mlseg_tui.search.numpy_tables import IntArray

# Per-character counts kept for the filter (characters typed more than once).
COUNTS_CACHE_SIZE = 8


class FuzzyTier:
    """Finds the fuzzy matches of a query in a NumpyEngine's tables; also the key lookup
    that rank_fuzzy reads."""

    def __init__(self, engine: NumpyEngine) -> None:
        self.engine = engine
        self.counts: OrderedDict[str, Any] = OrderedDict()

    def folded_of(self, kid: int) -> str:
        engine = self.engine
        return engine.folded_text[engine.starts[kid] : engine.ends[kid]]

    def tool_of(self, kid: int) -> int:
        return int(self.engine.key_tool[kid])

    def local_of(self, kid: int) -> int:
        engine = self.engine
        return kid - int(engine.tool_first[engine.key_tool[kid]])

    def text_of(self, kid: int) -> str:
        return str(self.engine.key_text[kid])

    def counts_of(self, char: str) -> Any:
        """How often `char` occurs in each key (up to 255), in (length, id) order."""
        counts = self.counts.get(char)
        if counts is None:
            engine = self.engine
            np = engine.np
            owners = engine.occurrences(char)[0]
            found = np.bincount(engine.place[owners], minlength=engine.key_count)
            counts = self.counts[char] = np.minimum(found, 255).astype(np.uint8)
            while len(self.counts) > COUNTS_CACHE_SIZE:
                self.counts.popitem(last=False)
        else:
            self.counts.move_to_end(char)
        return counts

    def matches(self, query: str, tools_found: IntArray) -> list[Match]:
        """The fuzzy tier of `query`, leaving out the tools in `tools_found`."""
        engine = self.engine
        np = engine.np
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
            bit = ALNUM_BITS.get(char)
            if bit is not None and wanted == 1:
                single |= bit
            else:
                others.append((char, wanted))
        # In (length, id) order throughout, so candidates come out in that order.
        shared = np.bitwise_count(engine.masks & np.uint64(single)).astype(np.int16)
        for char, wanted in others:
            shared += np.minimum(self.counts_of(char), wanted)
        candidates = engine.by_length[shared >= need]
        matched = np.zeros(engine.tool_count, dtype=bool)
        matched[tools_found] = True
        candidates = candidates[~matched[engine.key_tool[candidates]]]
        if not candidates.size:
            return []
        # The stretches compared: one from each word start of a candidate key that holds
        # the query's first letter, as long as the query (ranking.window_lcs), grouped by
        # key in (length, id) order.
        owners, offsets, classes = engine.occurrences(query[0])
        chosen = np.zeros(engine.key_count, dtype=bool)
        chosen[candidates] = True
        keep = (classes > 0) & chosen[owners]
        owners, offsets = owners[keep], offsets[keep]
        if not owners.size:
            return []
        order = np.argsort(engine.place[owners], kind="stable")
        owners = owners[order]
        lows = engine.starts[owners] + offsets[order]
        highs = np.minimum(lows + length, engine.ends[owners])
        text = engine.folded_text
        found: list[Any] = []
        best = owners[:0]  # keys found with the highest LCS a fuzzy candidate can have
        start, size = 0, 4 * FUZZY_CAP
        # Keys come in (length, id) order, so once FUZZY_CAP of them reach LCS length - 1
        # (length would be a substring match) no later one can rank above.
        while start < owners.size and best.size < FUZZY_CAP:
            stop = start + size
            spans = map(slice, lows[start:stop].tolist(), highs[start:stop].tolist())
            texts = list(map(text.__getitem__, spans))
            lcs = process.cdist(
                [query], texts, scorer=LCSseq.similarity, score_cutoff=need, dtype=np.int32
            )[0]
            chunk = owners[start:stop]
            hit = lcs >= need
            found.append((chunk[hit], lcs[hit]))
            top = chunk[lcs == length - 1]
            if top.size:
                best = np.unique(np.concatenate((best, top)))  # a key may have several
            start, size = stop, size * 2
        kids = np.concatenate([pair[0] for pair in found])
        lcs = np.concatenate([pair[1] for pair in found])
        order = np.lexsort((kids, engine.lengths[kids], -lcs))
        # Each key once, with its best stretch (the first in that order).
        kids, lcs = kids[order], lcs[order]
        first = np.unique(kids, return_index=True)[1]
        first.sort()
        kids, lcs = kids[first][:FUZZY_CAP], lcs[first][:FUZZY_CAP]
        pairs = list(zip(kids.tolist(), lcs.tolist(), strict=True))
        return rank_fuzzy(query, pairs, self)
