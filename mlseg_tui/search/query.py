"""The search language: plain words, and facet terms such as `seg:narrow`, `lic:apache`,
`-status:archived` or `stage:"deploy"`, all in one field and combined with AND.

A term is `NAME:VALUE` (a leading `-` negates it; the value may be in double quotes).
A NAME that is no facet is not dropped: the term is searched as words, and a note says
so (a tool may be called "Run:ai"). The words left are the name search, as before.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

from mlseg_tui.search.keys import fold

# One term: an optional "-", a facet-like "name:", then a quoted or bare value; or a word.
_TERM = re.compile(r'(-?)([^\s:"]+):(?:"([^"]*)"?|(\S*))|(\S+)')


@dataclass(frozen=True, slots=True)
class FacetTerm:
    """One facet term: the facet's name and the value asked for, both folded."""

    facet: str
    value: str
    negated: bool
    text: str  # as typed, for messages


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A query split into its facet terms and its words (the name and text search)."""

    words: str
    facets: tuple[FacetTerm, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def word_list(self) -> list[str]:
        return self.words.split()


def parse_query(query: str, facet_names: Collection[str]) -> ParsedQuery:
    """Split `query` into facet terms (of `facet_names`) and words (folded)."""
    text = query.strip()
    if ":" not in text:
        return ParsedQuery(fold(text))
    facets: list[FacetTerm] = []
    words: list[str] = []
    notes: list[str] = []
    for found in _TERM.finditer(text):
        minus, name, quoted, bare, word = found.groups()
        if word is not None:
            words.append(word)
            continue
        folded_name = fold(name)
        if folded_name not in facet_names:
            words.append(found.group())
            notes.append(f"{name}: is not a facet (searched as words)")
            continue
        value = quoted if quoted is not None else bare
        facets.append(FacetTerm(folded_name, fold(value.strip()), bool(minus), found.group()))
    return ParsedQuery(fold(" ".join(words)), tuple(facets), tuple(notes))
