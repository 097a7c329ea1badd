"""Which characters of a key to highlight for a query: the ones it matched.

The marks follow the rule of the tier that accepted the key (search/ranking.py), so they
never stray from the stretch that matched: a substring's characters; for dropped letters
(tier 2) a subsequence inside a compact stretch from a word start
(keys.compact_subsequence_starts); for a typo (tier 1) the letters a query-long stretch
from a word start shares with the query (ranking.best_window). Both engines accept keys
by these rules, so the marks are the same whichever engine found the key.
"""

from __future__ import annotations

from rapidfuzz.distance import Indel

from mlseg_tui.search.keys import (
    aligned_key,
    compact_subsequence_starts,
    fold,
    position_classes,
    subsequence_slack,
)
from mlseg_tui.search.ranking import FUZZY_MIN_LENGTH, best_window, fuzzy_allowance


def highlight_positions(query: str, text: str) -> list[int]:
    """Indices of `text`'s characters to highlight for `query`, ignoring case.

    A contiguous match if there is one (at a word start if possible), else the best
    subsequence inside a stretch the subsequence tier accepts, else the letters of the
    stretch the typo tier accepts; none when `text` matches by no rule.
    """
    wanted = fold(query.strip())
    if not wanted or not text:
        return []
    pieces = [fold(char) for char in text]
    folded = "".join(pieces)
    # Folding may turn one character into several: map folded positions back.
    back = [i for i, piece in enumerate(pieces) for _ in piece]
    classes = position_classes(aligned_key(text, folded))
    found = _best_substring(wanted, folded, classes)
    if found is None:
        found = _compact_subsequence(wanted, folded, classes)
    if found is None:
        found = _typo_stretch(wanted, folded, classes)
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


def _compact_subsequence(query: str, text: str, classes: list[int]) -> list[int] | None:
    """Of the stretches the subsequence tier accepts, the alignment with the most word
    starts and adjacent pairs (the earliest stretch on a tie)."""
    width = len(query) + subsequence_slack(len(query))
    best: tuple[int, list[int]] | None = None
    for start in compact_subsequence_starts(query, text, classes):
        stop = min(len(text), start + width)
        score, path = _anchored_subsequence(query, text[start:stop], classes[start:stop])
        if best is None or score > best[0]:
            best = (score, [start + p for p in path])
    return None if best is None else best[1]


def _anchored_subsequence(query: str, text: str, classes: list[int]) -> tuple[int, list[int]]:
    """The alignment of `query` in `text` that starts at text[0], scored 2 for each word
    start and 1 for each adjacent pair; `query` is a subsequence of `text` from there."""
    n = len(text)
    none = -1 << 30
    # score[j]: best score with the current query char at text[j]; links for backtracking.
    score = [none] * n
    score[0] = 2 if classes[0] else 0
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
    return score[end], path[::-1]


def _typo_stretch(query: str, text: str, classes: list[int]) -> list[int]:
    """The letters the typo tier's stretch shares with `query` (an LCS alignment)."""
    length = len(query)
    if length < FUZZY_MIN_LENGTH:
        return []
    lcs, start = best_window(query, text, classes, length - fuzzy_allowance(length))
    if not lcs:
        return []
    window = text[start : start + length]
    return [
        start + block.dest_start + offset
        for block in Indel.opcodes(query, window)
        if block.tag == "equal"
        for offset in range(block.dest_end - block.dest_start)
    ]
