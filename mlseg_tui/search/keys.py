"""The keys a search compares a query with: every tool's name and aliases, and the
essay's own spellings of it (`listed_as`), folded.

Shared by both engines and the highlighter, so they agree on case folding and on where a
word starts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from itertools import accumulate, chain, compress, repeat
from operator import add, attrgetter

from mlseg_tui.domain.model import Tool


def fold(text: str) -> str:
    """The case-insensitive form of a key or query (NUL is dropped: it separates keys)."""
    return text.casefold().replace("\x00", "")


def aligned_key(key: str, folded: str) -> str:
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


def is_subsequence(query: str, text: str) -> bool:
    chars = iter(text)
    return all(char in chars for char in query)


def subsequence_slack(length: int) -> int:
    """How many key characters a subsequence match of a query this long may skip: one for
    every three query characters ("sagemkr" skips two letters of "sagemaker")."""
    return length // 3


def compact_subsequence(query: str, folded: str, classes: list[int]) -> bool:
    """Whether `query` is a subsequence of `folded` that starts at a word start and skips
    at most subsequence_slack characters of it: dropped letters, not letters strewn over
    the key ("ray" is no match for "Artifactory", nor "kafka" for a long alias)."""
    return next(compact_subsequence_starts(query, folded, classes), -1) >= 0


def compact_subsequence_starts(query: str, folded: str, classes: list[int]) -> Iterator[int]:
    """The word starts of `folded` from which `query` is such a compact subsequence, in
    order: the tier's one rule, which the highlighter follows too (its letters lie in
    `folded[start : start + len(query) + subsequence_slack(len(query))]`).

    Each start is matched greedily (the shortest match from that start); a later start
    can only shorten the span, never lengthen it.
    """
    first, slack = query[0], subsequence_slack(len(query))
    start = folded.find(first)
    while start >= 0:
        if classes[start]:
            end = start
            for char in query[1:]:
                end = folded.find(char, end + 1)
                if end < 0:
                    return  # no later start can match either
            if end - start + 1 - len(query) <= slack:
                yield start
        start = folded.find(first, start + 1)


def tool_keys(tool: Tool) -> tuple[str, ...]:
    """Every key of one tool, in search_aliases' order: its name first (the published page
    searches these, as the app does)."""
    return (tool.name, *search_aliases([tool])[0])


NAME_OF = attrgetter("name")
ALIASES_OF = attrgetter("aliases")
ESSAY_OF = attrgetter("essay")
# A markdown link in the essay's list ("[Kedro](https://...)"): its text is the spelling.
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")


def essay_spelling(listed_as: str) -> str:
    """How a user would type an essay listing: a link's text, not its markdown."""
    return _LINK.sub(r"\1", listed_as).strip()


def search_aliases(tools: Sequence[Tool]) -> list[tuple[str, ...]]:
    """Each tool's keys after its name: its aliases, then each spelling the essay listed it
    under that is not a key already, so the essay's "TVM/Halide" finds both its tools.

    The essay lists a few dozen tools, so only those are visited (a big catalog's other
    tools keep their aliases as they are, without a Python step each).
    """
    aliases: list[tuple[str, ...]] = list(map(ALIASES_OF, tools))
    essays = list(map(ESSAY_OF, tools))
    for i in compress(range(len(essays)), essays):
        tool, extra = tools[i], []
        known = {fold(key) for key in (tool.name, *tool.aliases)}
        for listed in essays[i].listed_as:
            spelling = essay_spelling(listed)
            if spelling and fold(spelling) not in known:
                known.add(fold(spelling))
                extra.append(spelling)
        if extra:
            aliases[i] = (*aliases[i], *extra)
    return aliases


class FlatKeys:
    """Every key of every tool, flattened: key id -> text, folded text, tool, position."""

    def __init__(self, tools: Sequence[Tool]) -> None:
        # Built with C-level iterators: a Python loop here is a large part of a big build.
        aliases = search_aliases(tools)
        try:
            per_tool = list(map(add, zip(map(NAME_OF, tools)), aliases))
        except TypeError:  # aliases given as a list rather than the model's tuple
            per_tool = [(tool.name, *more) for tool, more in zip(tools, aliases, strict=True)]
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
        """Each key in the form position_classes reads (see aligned_key)."""
        if list(map(len, self.text)) == list(map(len, self.folded)):
            return self.text
        return list(map(aligned_key, self.text, self.folded))

    def folded_of(self, kid: int) -> str:
        return self.folded[kid]

    def tool_of(self, kid: int) -> int:
        return self.tool[kid]

    def local_of(self, kid: int) -> int:
        return self.local[kid]

    def text_of(self, kid: int) -> str:
        return self.text[kid]
