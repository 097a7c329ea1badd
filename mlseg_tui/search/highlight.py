"""Which characters of a key to highlight for a query: the ones it matched."""

from __future__ import annotations

from rapidfuzz.distance import Indel

from mlseg_tui.search.keys import aligned_key, fold, is_subsequence, position_classes


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
    classes = position_classes(aligned_key(text, folded))
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
    if not is_subsequence(query, text):
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
