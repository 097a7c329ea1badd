"""Search over tool names and aliases, facets and text, fast enough to re-rank on every
keystroke.

`SearchIndex` ranks names by the tiers of `ranking`, with one of two engines that give
identical results (the tests check): plain Python for small catalogs, numpy for large
ones (imported only then). Facet terms (`seg:narrow`, search/query.py) narrow the
result, and plain words also search the tools' text (search/fulltext.py), below the name
matches; both indexes are made on their first use.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from mlseg_tui.domain.criteria import Metric
from mlseg_tui.domain.model import Tool
from mlseg_tui.domain.placement import Placement
from mlseg_tui.search.combine import combine_numpy, combine_python
from mlseg_tui.search.facets import FacetError, FacetIndex
from mlseg_tui.search.fulltext import FULLTEXT_MIN_LENGTH, TextIndex
from mlseg_tui.search.numpy_engine import NumpyEngine
from mlseg_tui.search.python_engine import PythonEngine
from mlseg_tui.search.query import parse_query
from mlseg_tui.search.result import SearchResult

# From this many keys on, the numpy engine is used (when numpy is installed).
NUMPY_MIN_KEYS = 600


def _numpy_available() -> bool:
    try:
        import numpy
    except ImportError:
        return False
    return hasattr(numpy, "bitwise_count")  # numpy 2.0 or later


class SearchIndex:
    """Ranks tools for a query; build once per catalog, call search() per keystroke."""

    def __init__(self, tools: Sequence[Tool], metric: Metric | None = None) -> None:
        # Moves change no key; a catalog whose tools were added or renamed gets a new index.
        key_count = sum(len(tool.aliases) + 1 for tool in tools)
        self._engine: PythonEngine | NumpyEngine
        if key_count >= NUMPY_MIN_KEYS and _numpy_available():
            self._engine = NumpyEngine(tools)
            np = self._engine.np
        else:
            self._engine = PythonEngine(tools)
            np = None
        self._tools = tools
        self.facets = FacetIndex(tools, metric or Metric(), np)
        self._text: TextIndex | None = None
        # The UI searches from worker threads; engines keep caches, so one search at a time.
        self._lock = threading.Lock()

    @property
    def facet_names(self) -> tuple[str, ...]:
        return self.facets.names

    def text_index(self) -> TextIndex:
        """The full-text index, made on first use."""
        if self._text is None:
            np = self._engine.np if isinstance(self._engine, NumpyEngine) else None
            self._text = TextIndex(self._tools, np)
        return self._text

    def search(self, query: str, placement: Placement | None = None) -> SearchResult:
        """Every matching tool once, best first; a blank query matches nothing.

        `placement` (where each tool sits now) is needed by the `seg:` and `disagree:`
        facets; without it they are reported as unavailable.
        """
        parsed = parse_query(query, self.facets.names)
        words, terms, notes = parsed.words, parsed.facets, parsed.notes
        if not words and not terms:
            return SearchResult(query, [], words="", notes=notes)
        with self._lock:
            try:
                self.facets.check(terms, placement)
            except FacetError as error:
                return SearchResult(query, [], words=words, error=str(error), notes=notes)
            word_list = words.split()
            searched = [word for word in word_list if len(word) >= FULLTEXT_MIN_LENGTH]
            text = self.text_index() if searched else None
            engine = self._engine
            if isinstance(engine, NumpyEngine):
                names = engine.search(words)[1] if words else None
                mask = self.facets.mask(terms, placement, engine.segments) if terms else None
                ranked = combine_numpy(engine, word_list, names, mask, text)
                return SearchResult(query, None, ranked, words=words, notes=notes)
            matches = engine.search(words)[0] if words else None
            passing = self.facets.passing(terms, placement) if terms else None
            combined = combine_python(self._tools, word_list, matches, passing, text)
            return SearchResult(query, combined, words=words, notes=notes)
