"""The reference engine: the ranking of `ranking`, as a plain scan over every key."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz.distance import LCSseq

from mlseg_tui.domain.model import Tool
from mlseg_tui.search.keys import FlatKeys, compact_subsequence, position_classes
from mlseg_tui.search.ranking import (
    EXACT,
    FUZZY_CAP,
    FUZZY_MIN_LENGTH,
    LEN_CAP,
    PREFIX,
    SUBSEQUENCE,
    SUBSTRING,
    WORD,
    fuzzy_allowance,
    rank_fuzzy,
    tier_score,
    window_lcs,
)
from mlseg_tui.search.result import Match


class PythonEngine:
    """The reference engine: a plain scan, fast enough for a few hundred tools."""

    def __init__(self, tools: Sequence[Tool]) -> None:
        self.keys = FlatKeys(tools)
        self.classes = list(map(position_classes, self.keys.aligned()))

    def tier(self, query: str, kid: int) -> int:
        folded = self.keys.folded[kid]
        pos = folded.find(query)
        if pos < 0:
            close = compact_subsequence(query, folded, self.classes[kid])
            return SUBSEQUENCE if close else 0
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
                code = tier * 256 + LEN_CAP - min(len(keys.folded[kid]), LEN_CAP)
                entry = (code, -keys.local[kid], kid)
                tool = keys.tool[kid]
                if tool not in best or entry > best[tool]:
                    best[tool] = entry
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
        matches = [_match(keys, kid, code >> 8) for _, (code, _, kid) in ranked]
        length = len(query)
        if length >= FUZZY_MIN_LENGTH and len(best) < FUZZY_CAP:
            need = length - fuzzy_allowance(length)
            candidates = []
            for kid in range(keys.count):
                if keys.tool[kid] not in best:
                    folded = keys.folded[kid]
                    # The whole key first: a cheap necessary condition.
                    if LCSseq.similarity(query, folded, score_cutoff=need) >= need:
                        lcs = window_lcs(query, folded, self.classes[kid], need)
                        if lcs:
                            candidates.append((kid, lcs))
            matches += rank_fuzzy(query, candidates, keys)
        return matches, None


def _match(keys: FlatKeys, kid: int, tier: int) -> Match:
    return Match(
        keys.tool[kid], tier_score(tier, len(keys.folded[kid])), keys.text[kid], keys.local[kid] > 0
    )
