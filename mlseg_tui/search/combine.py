"""One ranking from the name search, the facet filter and the full-text tier.

The name and alias matches come first, in their tiers, less those the facets reject;
then the full-text matches (tier 0) of tools the name search did not find, that the
facets pass. A query of facets alone lists every tool that passes them, in catalog
order. Small catalogs make every Match at once; large ones keep arrays and make a rank's
Match only when asked, as the numpy engine's own results do.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from mlseg_tui.domain.model import Tool
from mlseg_tui.search.fulltext import FIELDS, TextIndex
from mlseg_tui.search.ranking import FACET_ONLY_SCORE, text_score
from mlseg_tui.search.result import Match, RankedResult

if TYPE_CHECKING:
    from mlseg_tui.search.numpy_engine import NumpyEngine


def combine_python(
    tools: Sequence[Tool],
    words: list[str],
    names: list[Match] | None,
    passing: set[int] | None,
    text: TextIndex | None,
) -> list[Match]:
    """Every Match, best first (small catalogs). `names` is the name search's (None: no
    words), `passing` the tools the facets pass (None: no facets)."""
    if names is None:
        assert passing is not None
        return [Match(i, FACET_ONLY_SCORE, tools[i].name, False) for i in sorted(passing)]
    matches = [m for m in names if passing is None or m.tool_index in passing]
    if text is not None:
        found = {m.tool_index for m in names}
        text_tools, fields = text.search(words, found, passing)
        matches += [
            Match(tool, text_score(field), FIELDS[field], False)
            for tool, field in zip(text_tools, fields, strict=True)
        ]
    return matches


class CombinedResult(RankedResult):
    """A numpy-engine result narrowed by facets and followed by full-text matches."""

    __slots__ = ("name_ranks", "names", "text_fields", "text_tools")

    def __init__(
        self,
        engine: NumpyEngine,
        names: RankedResult | None,
        name_ranks: Any,
        text_tools: Any,
        text_fields: Any,
    ) -> None:
        np = engine.np
        empty = np.zeros(0, dtype=np.int32)
        kept = names.tools[name_ranks] if names is not None else empty
        super().__init__(engine, np.concatenate([kept, text_tools]).astype(np.int32), empty,
                         empty, [])  # fmt: skip
        self.names = names
        self.name_ranks = name_ranks
        self.text_tools = text_tools
        self.text_fields = text_fields

    def match_at(self, rank: int) -> Match:
        if rank < 0:
            rank += len(self)
        named = len(self.name_ranks)
        if rank < named:
            assert self.names is not None
            return self.names.match_at(int(self.name_ranks[rank]))
        tool = int(self.tools[rank])
        if self.names is None:
            return Match(tool, FACET_ONLY_SCORE, self.engine.name_of(tool), False)
        field = int(self.text_fields[rank - named])
        return Match(tool, text_score(field), FIELDS[field], False)

    def all(self) -> list[Match]:
        return [self.match_at(rank) for rank in range(len(self))]


def combine_numpy(
    engine: NumpyEngine,
    words: list[str],
    names: RankedResult | None,
    mask: Any,
    text: TextIndex | None,
) -> RankedResult:
    """The ranking as arrays (large catalogs); `mask` is the facets' (None: no facets)."""
    np = engine.np
    if names is None:
        tools = np.flatnonzero(mask).astype(np.int32)
        return CombinedResult(engine, None, np.zeros(0, np.intp), tools, tools[:0])
    text_tools, text_fields = (
        text.search(words, names.tools, mask) if text is not None else ([], [])
    )
    if mask is None and not len(text_tools):
        return names  # nothing to add: the name search's own result
    name_ranks = (
        np.arange(len(names), dtype=np.intp) if mask is None else np.flatnonzero(mask[names.tools])
    )
    return CombinedResult(
        engine,
        names,
        name_ranks,
        np.asarray(text_tools, dtype=np.int32),
        np.asarray(text_fields, dtype=np.int8),
    )
