"""Full-text search: plain words also find tools by what they do, in their tags,
description and reasoning, ranked below every name or alias match.

A query word of FULLTEXT_MIN_LENGTH letters or more matches a tool when one of the words
of those fields starts with it ("serv" finds "serving" and "model-serving"); a query of
several words needs each of them. Within the tier a tool ranks by its best field for the
word that matched worst (tags, then description, then reasoning), then by tool index.

The index: every distinct word of those fields, sorted, and per word the tools (with the
field) that hold it. A prefix is a range of the sorted words, so its tools are one
slice. Small catalogs keep it in Python dicts; large ones (the numpy engine's) in arrays,
built from each field's text a chunk of tools at a time with C-level string operations.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Collection, Sequence
from operator import attrgetter
from typing import Any

from mlseg_tui.domain.model import Tool

# Shorter words would match nearly every tool's text.
FULLTEXT_MIN_LENGTH = 3
# The fields searched, best first; a match's field is its rank within the tier.
FIELDS = ("tags", "description", "reasoning")
NO_FIELD = len(FIELDS)
_WORD = re.compile(r"[^\W_]+")
# Tools whose text is tokenized in one go, in the numpy build: bounds its scratch memory.
CHUNK_TOOLS = 5_000
_SEPARATOR = "\x01"  # ends each tool's text in a chunk; no word holds it
_TOKEN = re.compile(r"[^\W_]+|\x01")
# ASCII text: bytes.translate to spaces, then split, gives _TOKEN's tokens at C speed.
_ASCII_TOKENS = bytes(
    b if chr(b).isascii() and (chr(b).isalnum() or b == 1) else 32 for b in range(256)
)
_LAST_WORD = "\U0010ffff"


def text_words(text: str) -> list[str]:
    """The words of `text`, case-folded: runs of letters and digits."""
    return _WORD.findall(text.casefold())


def field_texts(tools: Sequence[Tool]) -> tuple[list[str], ...]:
    """Each tool's text of each field of FIELDS."""
    return (
        [" ".join(tags) for tags in map(attrgetter("tags"), tools)],
        list(map(attrgetter("description"), tools)),
        list(map(attrgetter("reasoning"), tools)),
    )


def word_spans(query_words: Sequence[str], text: str) -> list[tuple[int, int]]:
    """(start, end) of each word of `text` that starts with one of `query_words` (folded):
    the part that matched, for highlighting."""
    wanted = [word for word in query_words if len(word) >= FULLTEXT_MIN_LENGTH]
    spans: list[tuple[int, int]] = []
    if not wanted:
        return spans
    for found in _WORD.finditer(text):
        original = found.group()
        folded = original.casefold()
        word = next((word for word in wanted if folded.startswith(word)), None)
        if word is None:
            continue
        # Where folding changed the word's length, positions do not line up: mark it all.
        end = found.start() + len(word) if len(folded) == len(original) else found.end()
        spans.append((found.start(), end))
    return spans


class TextIndex:
    """The sorted words of every tool's tags, description and reasoning, and per word the
    tools holding it with their best field."""

    def __init__(self, tools: Sequence[Tool], np: Any = None) -> None:
        self.np = np
        self.count = len(tools)
        self._cache: dict[str, Any] = {}
        if np is None:
            self._build_python(field_texts(tools))
        else:
            self._build_numpy(tools)

    # ------------------------------------------------------------------ building

    def _build_python(self, texts: tuple[list[str], ...]) -> None:
        fields: dict[str, dict[int, int]] = {}
        for field, column in enumerate(texts):
            for tool, text in enumerate(column):
                for word in text_words(text):
                    if len(word) >= FULLTEXT_MIN_LENGTH:
                        fields.setdefault(word, {}).setdefault(tool, field)
        self.vocabulary = sorted(fields)
        self.words: list[dict[int, int]] = [fields[word] for word in self.vocabulary]

    def _build_numpy(self, tools: Sequence[Tool]) -> None:
        """A chunk of tools at a time: each (word, tool) once with its best field, as word
        ids and postings (tool << 2 | field); then every posting by word in vocabulary
        order. Arrays are changed in place where they can be: at 100k tools they are
        large, and this runs after the app's start-up peak."""
        np = self.np
        ids: dict[str, int] = {}
        word_parts, posting_parts = [], []
        for start in range(0, len(tools), CHUNK_TOOLS):
            texts = field_texts(tools[start : start + CHUNK_TOOLS])
            parts = [self._chunk_keys(column, start, f, ids) for f, column in enumerate(texts)]
            keys = np.concatenate(parts)
            keys.sort()  # by word id, tool, then field
            pairs = keys >> 2
            first = np.ones(keys.size, dtype=bool)
            first[1:] = pairs[1:] != pairs[:-1]  # a (word, tool)'s first holds its best field
            keys = keys[first]
            word_parts.append((keys >> 32).astype(np.int32))
            posting_parts.append((keys & 0xFFFFFFFF).astype(np.int32))
        words = list(ids)
        order = sorted(range(len(words)), key=words.__getitem__)
        rank = np.empty(len(words), dtype=np.int32)
        rank[order] = np.arange(len(words), dtype=np.int32)
        word_ids = np.concatenate(word_parts) if word_parts else np.zeros(0, np.int32)
        del word_parts
        np.take(rank, word_ids, out=word_ids)  # now each posting's word rank
        postings = np.concatenate(posting_parts) if posting_parts else np.zeros(0, np.int32)
        del posting_parts
        # rank << 32 | posting, each unique: sorted, a word's postings ascend by tool.
        keys = word_ids.astype(np.int64)
        del word_ids
        keys <<= 32
        keys |= postings
        del postings
        keys.sort()
        self.vocabulary = [words[i] for i in order]
        bounds = np.arange(len(words) + 1, dtype=np.int64) << 32
        self.starts = np.searchsorted(keys, bounds).tolist()
        self.postings = (keys & 0xFFFFFFFF).astype(np.int32)

    def _chunk_keys(self, chunk: list[str], start: int, field: int, ids: dict[str, int]) -> Any:
        """The (word id << 32 | tool << 2 | field) of every word of `chunk`'s texts."""
        np = self.np
        joined = f" {_SEPARATOR} ".join(map(str.casefold, chunk)) + f" {_SEPARATOR}"
        if joined.isascii():
            tokens: list[Any] = joined.encode("ascii").translate(_ASCII_TOKENS).split()
        else:
            tokens = _TOKEN.findall(joined)
        distinct: dict[Any, int] = dict.fromkeys(tokens, 0)
        for token in distinct:
            word = token.decode("ascii") if isinstance(token, bytes) else token
            if word == _SEPARATOR:
                distinct[token] = -1
            elif len(word) < FULLTEXT_MIN_LENGTH:
                distinct[token] = -2  # no query word is a prefix of it
            else:
                distinct[token] = ids.setdefault(word, len(ids))
        codes = np.fromiter(map(distinct.__getitem__, tokens), np.int64, len(tokens))
        ends = codes == -1
        tool = start + np.cumsum(ends) - ends  # separators before each token
        keep = codes >= 0
        return (codes[keep] << 32) | (tool[keep] << 2) | field

    # ------------------------------------------------------------------ searching

    def _range(self, word: str) -> tuple[int, int]:
        vocabulary = self.vocabulary
        lo = bisect.bisect_left(vocabulary, word)
        return lo, bisect.bisect_left(vocabulary, word + _LAST_WORD, lo)

    def best_fields(self, word: str) -> Any:
        """Per tool, its best field holding a word that starts with `word` (NO_FIELD for
        none): a dict of the tools found (Python) or an int8 array over all tools."""
        found = self._cache.get(word)
        if found is not None:
            return found
        lo, hi = self._range(word)
        if self.np is None:
            best: dict[int, int] = {}
            for fields in self.words[lo:hi]:
                for tool, field in fields.items():
                    if best.get(tool, NO_FIELD) > field:
                        best[tool] = field
            found = best
        else:
            np = self.np
            postings = self.postings[self.starts[lo] : self.starts[hi]]
            found = np.full(self.count, NO_FIELD, dtype=np.int8)
            fields = postings & 3
            for field in range(NO_FIELD - 1, -1, -1):  # the best field written last
                found[postings[fields == field] >> 2] = field
        if len(self._cache) >= 32:
            self._cache.clear()
        self._cache[word] = found
        return found

    def search(
        self, words: Sequence[str], leave_out: Collection[int] | Any = (), keep: Any = None
    ) -> tuple[list[int], list[int]]:
        """The tools that every one of `words` (folded) finds, but those of `leave_out`
        and those `keep` rejects (a set, or a boolean array), best field first, then tool
        index; and the field each ranks by. Words too short to search are skipped; with
        none left, nothing is found."""
        words = [word for word in words if len(word) >= FULLTEXT_MIN_LENGTH]
        if not words:
            return [], []
        if self.np is None:
            return self._search_python(words, leave_out, keep)
        np = self.np
        worst = self.best_fields(words[0])
        for word in words[1:]:
            worst = np.maximum(worst, self.best_fields(word))
        worst = worst.copy() if len(words) == 1 else worst
        if len(leave_out):
            worst[np.asarray(leave_out, dtype=np.intp)] = NO_FIELD
        if keep is not None:
            worst[~keep] = NO_FIELD
        tools = [np.flatnonzero(worst == field) for field in range(NO_FIELD)]
        fields = [np.full(found.size, field, dtype=np.int8) for field, found in enumerate(tools)]
        return np.concatenate(tools), np.concatenate(fields)

    def _search_python(
        self, words: list[str], leave_out: Collection[int], keep: Any
    ) -> tuple[list[int], list[int]]:
        worst: dict[int, int] = dict(self.best_fields(words[0]))
        for word in words[1:]:
            best = self.best_fields(word)
            worst = {tool: max(field, best[tool]) for tool, field in worst.items() if tool in best}
        ranked = sorted(
            (field, tool)
            for tool, field in worst.items()
            if tool not in leave_out and (keep is None or tool in keep)
        )
        return [tool for _, tool in ranked], [field for field, _ in ranked]
