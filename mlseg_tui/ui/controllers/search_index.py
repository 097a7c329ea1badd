"""The catalog's search index, built on a thread and never waited for on the event loop
longer than a bound (the command palette does not wait for it at all)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING

from mlseg_tui.domain import collector
from mlseg_tui.domain.criteria import Metric
from mlseg_tui.domain.model import Tool
from mlseg_tui.ui.controllers.host import Host

if TYPE_CHECKING:
    from mlseg_tui.search.index import SearchIndex

# From this many tools on, what is alive once the catalog and its index are built is put
# out of the cyclic collector's reach (`collector.freeze_survivors`).
FREEZE_FROM = 5_000
WORKER_GROUP = "index"
# Up to this many tools a query is searched on the event loop (search.INLINE_SEARCH_TOOLS):
# the full-text index and the facet columns are made here with the index, on its thread,
# so that the first word of text or facet typed does not stall a keystroke. Above, they
# are made on first use, on the search thread (at start-up they would raise the peak).
PREBUILT_FROM_START = 20_000


class IndexKeeper:
    """Builds the index of the tools given last, once, on a thread; hands it out when built.

    An index built for tools that were replaced meanwhile (a reload, the full load) is
    dropped, never handed out.
    """

    def __init__(self, host: Host) -> None:
        self._host = host
        self._tools: Sequence[Tool] | None = None  # None: nothing to index (a preview)
        self._version = 0  # counts the lists of tools given
        self._building = False
        self._index: SearchIndex | None = None
        self._built = threading.Condition()

    @property
    def built(self) -> SearchIndex | None:
        """The index of the current tools, or None while there is none."""
        return self._index

    def use(self, tools: Sequence[Tool] | None) -> None:
        """Index `tools` from now on (None: nothing); the old index is dropped."""
        with self._built:
            self._version += 1
            self._tools = tools
            self._index = None
            self._building = False
            self._built.notify_all()  # a waiter for the old tools' index gives up

    def start(self) -> None:
        """Build the index on a thread, unless it is built or being built (on the event
        loop only: Textual starts workers from there)."""
        with self._built:
            if self._tools is None or self._index is not None or self._building:
                return
            self._building = True
            # Facets read the catalog's criteria (disagree:, stage:) from its metric.
            metric = self._host.catalog.metric
            work = partial(self._build, self._tools, self._version, metric)
        self._host.run_worker(
            work, thread=True, group=WORKER_GROUP, exit_on_error=False, description="index"
        )

    def ready(self) -> SearchIndex | None:
        """The index if built; else None at once, and a build started if none runs."""
        index = self._index
        if index is None:
            self.start()
        return index

    def wait(self, seconds: float) -> SearchIndex | None:
        """The index, waiting at most `seconds` for the build under way (None when there is
        none, or it did not end in time). Safe on any thread; `start` comes first."""
        with self._built:
            self._built.wait_for(lambda: self._index is not None or not self._building, seconds)
            return self._index

    def _build(self, tools: Sequence[Tool], version: int, metric: Metric) -> None:
        from mlseg_tui.search.index import SearchIndex

        index: SearchIndex | None = None
        try:
            index = SearchIndex(tools, metric)
            if len(tools) <= PREBUILT_FROM_START:
                index.text_index()  # see PREBUILT_FROM_START
                index.facets.build_columns()
        finally:
            with self._built:
                current = version == self._version  # else the tools were replaced meanwhile
                if current:
                    self._building = False
                    self._index = index
                self._built.notify_all()
        if current and len(tools) >= FREEZE_FROM:
            collector.freeze_survivors()

    def release(self) -> None:
        """Leave the process as found (tests run many apps in one)."""
        collector.release_survivors()
