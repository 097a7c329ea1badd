"""The review list (`r`): what an analyst should look at, computed from the catalog as
the session has it (unsaved moves count), on a thread for a big catalog."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Sequence
from functools import partial

from mlseg_tui.domain.model import Catalog
from mlseg_tui.domain.review import ReviewItem, review
from mlseg_tui.ui.controllers.host import Host
from mlseg_tui.ui.controllers.notices import refuse_while_busy
from mlseg_tui.ui.messages import ReviewDone

# Up to this many tools the review is made on the event loop, at once; above, on a thread.
INLINE_REVIEW_TOOLS = 20_000


class Reviewing:
    """Makes the review and shows it; the chosen item's tool is shown in the browser."""

    def __init__(self, host: Host) -> None:
        self.host = host
        self.running = False

    def open(self) -> None:
        host = self.host
        if refuse_while_busy(host) or self.running:
            return
        catalog = host.catalog
        segment_of = list(host.session.placement.segment_of)  # a snapshot for the thread
        today = dt.date.today()
        if len(catalog.tools) <= INLINE_REVIEW_TOOLS:
            self._show(catalog, review(catalog, today, segment_of))
            return
        self.running = True
        host.notify("Reviewing the catalog…", timeout=2)
        host.run_worker(
            partial(self._review_on_thread, catalog, today, segment_of),
            thread=True,
            group="review",
            exit_on_error=False,
            description="review",
        )

    def _review_on_thread(self, catalog: Catalog, today: dt.date, segment_of: list[str]) -> None:
        items = review(catalog, today, segment_of)
        with contextlib.suppress(RuntimeError):  # the event loop closed meanwhile
            self.host.post_message(ReviewDone(catalog, len(catalog.tools), items))

    def found(self, message: ReviewDone) -> None:
        """The thread's review, on the event loop: shown unless the tools changed."""
        self.running = False
        host = self.host
        if message.catalog is not host.catalog or message.count != len(host.tools):
            host.notify("The catalog changed while it was reviewed; press r again.", timeout=4)
            return
        if host.tools_changing():
            return
        self._show(message.catalog, message.items)

    def _show(self, catalog: Catalog, items: Sequence[ReviewItem]) -> None:
        from mlseg_tui.ui.screens.review_screen import ReviewScreen

        host = self.host

        def chosen(tool_index: int | None) -> None:
            if tool_index is None or catalog is not host.catalog or host.tools_changing():
                return
            if tool_index < len(host.tools):
                host.jump_to_tool(tool_index)

        host.push_screen(ReviewScreen(items), chosen)
