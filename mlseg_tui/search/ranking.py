"""The ranking that both engines follow: its tiers, its scores, and the fuzzy tier.

Matching ignores case (casefold) and compares the query with every name and alias; each
tool appears once, with its best key. Tiers, best first (the integer part of the score):

    6 exact key        "tf"         -> "TF"
    5 key prefix       "tfs"        -> "TFServing"
    4 word prefix      "pipe"       -> "Kubeflow Pipelines", "GraphPipe"
    3 substring        "flow"       -> "MLflow"
    2 subsequence      "sagemkr"    -> "Sagemaker" (letters dropped)
    1 fuzzy typo       "kuberentes" -> "Kubernetes"
    0 text             "serving"    -> a tool whose tags, description or reasoning say so


Within tiers 2-6 a shorter key ranks first (its score has the larger fraction).

Tiers 1 and 2 forgive mistakes, but only near where a word of the key starts: a match
must begin at a word start, with the query's first letter, and stay about the query's
length, so that letters strewn over a long key ("ray" in "ARtifactorY", "kafka" in
"databricKs lAkehouse platForm") are no match. Tier 2 takes the query's characters in
order from there, skipping at most one key character for every three of the query
(keys.compact_subsequence). Tier 1 forgives a typo (substitution, transposition, extra
letter) in queries of 4 or more characters: the stretch of the key as long as the query
from such a start must hold all but one query letter (two from 10 letters on) in order
(window_lcs), and rapidfuzz's WRatio orders those. It is a fallback, searched only
while the other tiers found fewer than FUZZY_CAP tools, and holds at most FUZZY_CAP
keys. Ties go to the lower tool index, so every result is deterministic.
"""

from __future__ import annotations

from typing import Protocol

from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

from mlseg_tui.search.result import Match

EXACT, PREFIX, WORD, SUBSTRING, SUBSEQUENCE, FUZZY = 6, 5, 4, 3, 2, 1
# Typos are only forgiven from this query length on: shorter ones would match nearly anything.
FUZZY_MIN_LENGTH = 4
# The fuzzy tier is a fallback: it is searched only while the other tiers found fewer than
# this many tools, and then holds at most this many keys (the closest by LCS).
FUZZY_CAP = 100
# Key lengths above this tie with each other in the shorter-key tiebreak.
LEN_CAP = 255


def fuzzy_allowance(length: int) -> int:
    """How many query characters a fuzzy match may leave unmatched."""
    return 1 if length < 10 else 2


def window_lcs(query: str, folded: str, classes: list[int], need: int) -> int:
    """The longest common subsequence of `query` with a stretch of `folded` as long as the
    query that starts at a word start holding the query's first letter; 0 when below
    `need` (the fuzzy tier's test: such a stretch holds all but a letter or two).

    For a key whose tool no better tier found it is below the query's length: a stretch
    equal to the query would be a substring match."""
    return best_window(query, folded, classes, need)[0]


def best_window(query: str, folded: str, classes: list[int], need: int) -> tuple[int, int]:
    """window_lcs's stretch: its LCS with `query` and where it starts (the first of the
    best), or (0, -1) when no stretch reaches `need`. The highlighter marks its letters."""
    first, length = query[0], len(query)
    best, best_start = 0, -1
    start = folded.find(first)
    while start >= 0:
        if classes[start]:
            window = folded[start : start + length]
            lcs = int(LCSseq.similarity(query, window, score_cutoff=need))
            if lcs > best:
                best, best_start = lcs, start
        start = folded.find(first, start + 1)
    return (best, best_start) if best >= need else (0, -1)


def tier_score(tier: int, length: int) -> float:
    # Tier in the integer part; a shorter key gets a larger fraction, always below 1.
    return tier + (LEN_CAP - min(length, LEN_CAP)) / 256


def fuzzy_score(wratio: float) -> float:
    return FUZZY + wratio / 100 * (255 / 256)


# Tier 0: full-text matches (search/fulltext.py), below every name or alias match: a
# score in (0, 1), higher for a better field. A facet-only query ranks every tool 0.
FACET_ONLY_SCORE = 0.0


def text_score(field: int) -> float:
    """The score of a full-text match in field `field` (0 is the best field)."""
    return (3 - field) / 4


def is_text_match(score: float) -> bool:
    """A match found in a tool's text, not its name or aliases (its key is the field)."""
    return FACET_ONLY_SCORE < score < FUZZY


class KeyLookup(Protocol):
    """A key's folded text, tool, position among its tool's keys and text, by key id."""

    def folded_of(self, kid: int) -> str: ...
    def tool_of(self, kid: int) -> int: ...
    def local_of(self, kid: int) -> int: ...
    def text_of(self, kid: int) -> str: ...


def rank_fuzzy(query: str, candidates: list[tuple[int, int]], keys: KeyLookup) -> list[Match]:
    """The fuzzy tier from (key id, window_lcs) pairs of tools with no better match.

    Shared by both engines so that they agree exactly: the FUZZY_CAP keys with the
    longest common subsequence in a window (then shorter, up to LEN_CAP, then lower id)
    are scored with WRatio.
    """
    folded_of = keys.folded_of
    candidates.sort(key=lambda pair: (-pair[1], min(len(folded_of(pair[0])), LEN_CAP), pair[0]))
    chosen = [kid for kid, _ in candidates[:FUZZY_CAP]]
    # One call into rapidfuzz for all of them: WRatio is its costliest scorer.
    ratios = process.extract(
        query, [folded_of(kid) for kid in chosen], scorer=fuzz.WRatio, limit=None
    )
    best: dict[int, tuple[float, int, int]] = {}
    for _, ratio, position in ratios:
        kid = chosen[position]
        score = fuzzy_score(ratio)
        tool = keys.tool_of(kid)
        entry = (score, -keys.local_of(kid), kid)
        if tool not in best or entry > best[tool]:
            best[tool] = entry
    ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
    return [
        Match(tool, score, keys.text_of(kid), keys.local_of(kid) > 0)
        for tool, (score, _, kid) in ranked
    ]
