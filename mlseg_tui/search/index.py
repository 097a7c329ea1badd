"""Fuzzy search over tool names and aliases, fast enough to re-rank on every keystroke.

`SearchIndex` ranks by the tiers of `ranking`, with one of two engines that give
identical results (the tests check): plain Python for small catalogs, numpy for large
ones when it is installed (imported only then).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

from mlseg_tui.domain.model import Tool
from mlseg_tui.search.keys import fold
from mlseg_tui.search.numpy_engine import NumpyEngine
from mlseg_tui.search.python_engine import PythonEngine
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

    def __init__(self, tools: Sequence[Tool]) -> None:
        # Moves change no key; a catalog whose tools were added or renamed gets a new index.
        key_count = sum(len(tool.aliases) + 1 for tool in tools)
        self._engine: PythonEngine | NumpyEngine
        if key_count >= NUMPY_MIN_KEYS and _numpy_available():
            self._engine = NumpyEngine(tools)
        else:
            self._engine = PythonEngine(tools)
        # The UI searches from worker threads; engines keep caches, so one search at a time.
        self._lock = threading.Lock()

    def search(self, query: str) -> SearchResult:
        """Every matching tool once, best first; a blank query matches nothing."""
        folded = fold(query.strip())
        if not folded:
            return SearchResult(query, [])
        with self._lock:
            matches, ranked = self._engine.search(folded)
        return SearchResult(query, matches, ranked)
